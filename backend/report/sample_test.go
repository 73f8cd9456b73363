package report

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"math"
	"math/rand"
	"strings"
	"testing"
	"time"
)

// Test documents. Every string drawn by the tests is listed here or built
// from these pieces, so TestNoMissingGlyphs can check all of them.

const companyLine = "深圳市光明照明有限公司 Shenzhen Bright Lighting Co., Ltd 注册资本 5,000,000 CNY"

var sampleKVs = []KV{
	{"企业名称 Company", "深圳市光明照明有限公司 Shenzhen Bright Lighting Co., Ltd"},
	{"统一社会信用代码", "91440300MA5F123456"},
	{"注册资本 Registered capital", "5,000,000 CNY（人民币伍佰万元整）"},
	{"成立日期 Founded", "2012-03-15"},
	{"地址 Address", "广东省深圳市光明区凤凰街道东坑社区科技路 88 号 3 栋 501 室 / Room 501, Building 3, No. 88 Keji Road, Guangming District, Shenzhen, Guangdong, China"},
	{"经营范围", "LED 照明产品、灯具、电子元器件的研发、生产与销售；货物及技术进出口。"},
}

var sampleParagraphs = []string{
	"本次评估依据企业公开登记信息、海关进出口记录、付款历史及实地走访结果。该企业近三年出口额稳定增长，2023 年出口额约 USD 12.6 million，主要市场为欧盟（Germany、Poland）与北美。",
	"The buyer has traded with us since 2019 and paid 41 of 43 invoices within terms; the two late payments (17 and 23 days) were settled in full. Credit-insurance cover was confirmed by Sinosure on 2024-01-08, limit USD 300,000.",
	"风险提示：2023 年第四季度存在一起买卖合同纠纷（案号 (2023)粤0311民初12345号），涉案金额 CNY 186,400，已于 2024 年 2 月调解结案。建议维持 60 天赊销账期，单笔限额不超过 USD 80,000。",
}

var sampleCols = []Column{
	{Title: "序号 No.", Width: 0.7, Align: AlignRight},
	{Title: "发票号 Invoice", Width: 1.3},
	{Title: "日期 Date", Width: 1.1},
	{Title: "金额 Amount (USD)", Width: 1.3, Align: AlignRight},
	{Title: "状态 Status", Width: 2.2},
}

var statuses = []string{
	"按期付款 Paid on time",
	"逾期 17 天后结清 Settled 17 days late",
	"部分付款，余款待收 Partly paid; balance outstanding",
	"已付 Paid",
}

func sampleRows(n int) [][]string {
	rows := make([][]string, n)
	for i := range rows {
		rows[i] = []string{
			fmt.Sprintf("R%03d", i+1),
			fmt.Sprintf("INV-2024-%05d", 1000+i*7),
			time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i*3).Format("2006-01-02"),
			fmt.Sprintf("%d,%03d.%02d", 10+i%90, (i*37)%1000, i%100),
			statuses[i%len(statuses)],
		}
	}
	return rows
}

var (
	radarLabels = []string{"偿付能力 Solvency", "付款记录 Payment", "经营稳定 Stability", "合规 Compliance", "行业 Sector", "国别 Country"}
	radarValues = []float64{72, 88, 65, 90, 55, 70}
	barLabels   = []string{"2019", "2020", "2021", "2022", "2023 出口额"}
	barValues   = []float64{4.2, 5.1, 7.8, 10.4, 12.6}
	lineLabels  = []string{"1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月"}
	lineSeries  = []Series{
		{Name: "订单 Orders", Values: []float64{120, 135, 128, 150, 162, 170, 165, 180, 175, 190, 210, 205}},
		{Name: "回款 Collections", Values: []float64{110, 125, 130, 138, 150, 160, 168, 170, 172, 185, 195, 200}},
		{Name: "逾期 Overdue", Values: []float64{8, 10, 7, 12, 9, 6, math.NaN(), 5, 7, 6, 4, 5}},
	}
	boxTitle = "结论 Conclusion：信用等级 BBB+，建议赊销额度 USD 80,000"
	boxBody  = "该企业经营稳定、付款记录良好，主要风险为单一大客户依赖（前五大客户占比 62%）。Recommend open-account terms up to 60 days with quarterly review."
	captions = []string{
		"图 1 厂区正门 Factory gate (2024-03-12)",
		"图 2 生产线 Assembly line",
		"图 3 仓库 Warehouse",
		"图 4 样品间 Showroom",
	}
	headings = []string{
		"信用评估报告 Credit Assessment Report",
		"一、企业概况 Company profile",
		"二、评估结论 Assessment",
		"三、经营数据 Trading data",
		"四、付款记录 Payment history",
		"五、实地走访 Site visit",
	}
	sampleOpts = Options{
		Title:       "信用评估报告 深圳市光明照明有限公司",
		Author:      "Credence",
		HeaderText:  "Credence 信用评估报告 Credit Assessment Report",
		FooterText:  "报告编号 Report No. CR-2024-000123",
		ContentHash: "sha256:9f2c4e0b7a1d3c5e8f6a2b4d0c9e7f1a3b5d7c9e0f2a4b6c8d0e1f3a5b7c9d1e",
		Created:     time.Date(2024, 3, 20, 10, 0, 0, 0, time.UTC),
	}
)

// allSampleText is every string the sample document draws, except the
// package's own fixed strings (checked separately).
func allSampleText() string {
	var b strings.Builder
	add := func(ss ...string) {
		for _, s := range ss {
			b.WriteString(s)
			b.WriteByte('\n')
		}
	}
	add(companyLine, boxTitle, boxBody, sampleOpts.HeaderText, sampleOpts.FooterText, sampleOpts.ContentHash)
	for _, kv := range sampleKVs {
		add(kv.Key, kv.Value)
	}
	add(sampleParagraphs...)
	for _, c := range sampleCols {
		add(c.Title)
	}
	for _, r := range sampleRows(300) {
		add(r...)
	}
	add(radarLabels...)
	add(barLabels...)
	add(lineLabels...)
	for _, s := range lineSeries {
		add(s.Name)
	}
	add(captions...)
	add(headings...)
	add("0123456789.,-")
	return b.String()
}

// buildSample builds the bilingual sample document (about six pages).
func buildSample(tb testing.TB, lang string, photos [][]byte) *Doc {
	tb.Helper()
	opts := sampleOpts
	opts.Lang = lang
	d := New(opts)
	d.Heading(1, headings[0])
	d.Paragraph(companyLine)
	d.Heading(2, headings[1])
	d.KeyValues(sampleKVs)
	d.Heading(2, headings[2])
	d.Box(boxTitle, boxBody, ToneGood)
	d.Paragraph(sampleParagraphs[0])
	d.RadarChart(radarLabels, radarValues)
	d.Heading(2, headings[3])
	d.Paragraph(sampleParagraphs[1])
	d.BarChart("出口额 Export volume (USD million)", barLabels, barValues, 0)
	d.LineChart(lineLabels, lineSeries)
	d.Heading(2, headings[4])
	d.Paragraph(sampleParagraphs[2])
	d.Table(sampleCols, sampleRows(60))
	d.Heading(2, headings[5])
	for i, p := range photos {
		if err := d.Image(p, captions[i%len(captions)], 120, 80); err != nil {
			tb.Fatalf("image %d: %v", i, err)
		}
	}
	if err := d.Err(); err != nil {
		tb.Fatal(err)
	}
	return d
}

// photo makes a JPEG that compresses like a real photo: gradients, shapes
// and sensor noise.
func photo(tb testing.TB, seed int64, w, h int) []byte {
	tb.Helper()
	rng := rand.New(rand.NewSource(seed))
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	sky := color.RGBA{uint8(90 + rng.Intn(60)), uint8(140 + rng.Intn(60)), 230, 255}
	type rect struct {
		r image.Rectangle
		c color.RGBA
	}
	var shapes []rect
	for i := 0; i < 12; i++ {
		x, y := rng.Intn(w), h/3+rng.Intn(h/2)
		shapes = append(shapes, rect{image.Rect(x, y, x+80+rng.Intn(300), h), color.RGBA{uint8(rng.Intn(200)), uint8(rng.Intn(200)), uint8(rng.Intn(200)), 255}})
	}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			t := float64(y) / float64(h)
			c := color.RGBA{uint8(float64(sky.R) * (1 - t*0.5)), uint8(float64(sky.G) * (1 - t*0.4)), uint8(float64(sky.B) * (1 - t*0.6)), 255}
			for _, s := range shapes {
				if (image.Point{x, y}).In(s.r) {
					shade := 0.7 + 0.3*math.Sin(float64(x)/25)
					c = color.RGBA{uint8(float64(s.c.R) * shade), uint8(float64(s.c.G) * shade), uint8(float64(s.c.B) * shade), 255}
				}
			}
			n := rng.Intn(25) - 12
			img.Pix[y*img.Stride+x*4+0] = clamp8(int(c.R) + n)
			img.Pix[y*img.Stride+x*4+1] = clamp8(int(c.G) + n)
			img.Pix[y*img.Stride+x*4+2] = clamp8(int(c.B) + n)
			img.Pix[y*img.Stride+x*4+3] = 255
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90}); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func clamp8(v int) uint8 { return uint8(min(max(v, 0), 255)) }

func photos(tb testing.TB) [][]byte {
	var out [][]byte
	for i := 0; i < 4; i++ {
		out = append(out, photo(tb, int64(i), 1200, 900))
	}
	return out
}
