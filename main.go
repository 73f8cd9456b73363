// Credence (信鉴): vet overseas buyers and manage the credit given to them.
// This file only wires the desktop window to the bound services.
package main

import (
	"context"
	"embed"
	"log"
	"os"
	"time"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"

	"credence/app"
	"credence/backend/store"
)

//go:embed all:frontend/dist
var assets embed.FS

// icon is the window icon on Linux; Windows takes it from the exe's
// resources (scripts/dist/build.sh), the .deb's desktop entry from hicolor.
//
//go:embed build/appicon.png
var icon []byte

func main() {
	started := time.Now()
	dir := os.Getenv("CREDENCE_DIR")
	if dir == "" {
		dir = store.DefaultDir()
	}
	sess := app.NewSession(dir, store.Options{})
	rt := app.WailsRuntime{SaveDir: os.Getenv("CREDENCE_SAVE_DIR")}
	workspace := app.NewWorkspaceService(sess, rt)
	workspace.Started = started
	screening := app.NewScreeningService(sess, rt)
	dossiers := app.NewDossierService(sess, rt, screening)
	syncs := app.NewSyncService(sess, rt, workspace)
	workspace.OnUnlock = func() {
		syncs.Kick()
		screening.Warm()
	}
	credit := app.NewCreditService(sess, rt)
	visits := app.NewVisitService(sess, rt)
	reports := app.NewReportService(sess, rt)
	about := app.NewAboutService(sess, workspace)
	refdata := app.NewRefDataService(sess, rt)
	imports := app.NewImportService(sess, rt)
	receivables := app.NewReceivablesService(sess, rt)
	people := app.NewPeopleService(sess, rt)
	conflicts := app.NewConflictService(sess, rt)
	audit := app.NewAuditService(sess, rt)
	privacy := app.NewPrivacyService(sess, rt)

	err := wails.Run(&options.App{
		Title:     "Credence 信鉴",
		Width:     1280,
		Height:    800,
		MinWidth:  960,
		MinHeight: 640,
		AssetServer: &assetserver.Options{
			Assets: assets,
		},
		BackgroundColour: &options.RGBA{R: 250, G: 250, B: 252, A: 1},
		OnStartup: func(ctx context.Context) {
			app.Startup(ctx, workspace, dossiers, screening, credit, visits, reports, about, refdata, imports, receivables, people, conflicts, audit, privacy, syncs)
		},
		OnShutdown: func(ctx context.Context) {
			app.Shutdown(ctx, workspace, dossiers, screening, credit, visits, reports, about, refdata, imports, receivables, people, conflicts, audit, privacy, syncs)
		},
		Bind:  []any{workspace, dossiers, screening, credit, visits, reports, about, refdata, imports, receivables, people, conflicts, audit, privacy, syncs},
		Linux: &linux.Options{ProgramName: "credence", Icon: icon},
	})
	if err != nil {
		log.Fatalf("credence: %v", err)
	}
}
