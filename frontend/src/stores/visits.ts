import { defineStore } from 'pinia'
import { api } from '../api'
import type { VAnswer, VTemplate, Visit, VisitInProgress, VisitView } from '../api/types'
import { concerns, follow } from './events'

// Field visits: the templates, a dossier's visits, the visits in progress
// and the one being walked. Whether an answer is bad is Go's word
// (score.items[].bad), never worked out here.
export const useVisits = defineStore('visits', {
  state: () => ({
    templates: [] as VTemplate[],
    dossierId: '',
    visits: [] as Visit[],
    inProgress: null as VisitInProgress[] | null,
    view: null as VisitView | null,
    stop: null as (() => void) | null,
  }),
  getters: {
    // bad lists the items of the open visit whose answer Go calls bad.
    bad: (s) => new Set((s.view?.score.items ?? []).filter((i) => i.bad).map((i) => i.item_id)),
  },
  actions: {
    async loadTemplates() {
      this.templates = await api().templates()
      return this.templates
    },
    async copyTemplate(id: string, name: string) {
      const c = await api().copyTemplate(id, name)
      await this.loadTemplates()
      return c
    },
    async saveTemplate(t: VTemplate) {
      const saved = await api().saveTemplate(t)
      await this.loadTemplates()
      return saved
    },
    exportTemplate(id: string) {
      return api().exportTemplate(id)
    },
    async importTemplate() {
      const t = await api().importTemplate()
      await this.loadTemplates()
      return t
    },
    async loadVisits(dossierId: string) {
      this.dossierId = dossierId
      const v = await api().visits(dossierId)
      if (dossierId === this.dossierId) this.visits = v
    },
    start(dossierId: string, templateId: string, date: string) {
      return api().startVisit(dossierId, templateId, date)
    },
    async loadInProgress() {
      this.inProgress = await api().visitsInProgress()
    },
    async open(id: string) {
      if (this.view?.visit.id !== id) this.view = null
      this.view = await api().visit(id)
      return this.view
    },
    async answer(a: VAnswer) {
      this.view = await api().answer(this.view!.visit.id, a)
    },
    async addPhoto(itemId: string, name: string, base64: string) {
      this.view = await api().addVisitPhoto(this.view!.visit.id, itemId, name, base64)
    },
    async sign(role: string, name: string, png: string) {
      this.view = await api().sign(this.view!.visit.id, role, name, png)
    },
    async correct(a: VAnswer, reason: string) {
      this.view = await api().correct(this.view!.visit.id, a, reason)
    },
    // listen reloads what is shown when a visit or template changed
    // elsewhere (another window, a sync).
    listen() {
      if (this.stop) return
      this.stop = follow([], ['visit', 'template'], (h) => {
        const quiet = () => {}
        if (this.view && (concerns(h, this.view.visit.id) || concerns(h, this.view.visit.dossier_id))) this.open(this.view.visit.id).catch(quiet)
        if (this.dossierId && concerns(h, this.dossierId)) this.loadVisits(this.dossierId).catch(quiet)
        if (this.inProgress) this.loadInProgress().catch(quiet)
        if (this.templates.length) this.loadTemplates().catch(quiet)
      })
    },
  },
})
