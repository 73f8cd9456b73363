package dossierreport

import (
	"credence/backend/refdata"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"credence/backend/assess"
	"credence/backend/idcheck"
	"credence/backend/report"
)

// labels holds every fixed string the reports print: {Chinese, English}.
// Enumerations are keyed "<group>.<value>".
var labels = map[string][2]string{
	// Titles and the cover.
	"credit.title":    {"资信评估报告", "Credit Assessment Report"},
	"portfolio.title": {"客户组合信用概览", "Portfolio Credit Summary"},
	"visit.title":     {"实地考察报告", "Field Visit Report"},
	"cover.firm":      {"编制单位", "Issued by"},
	"cover.customer":  {"客户名称", "Customer"},
	"cover.latin":     {"英文名称", "Name in Latin letters"},
	"cover.number":    {"报告编号", "Report number"},
	"cover.date":      {"报告日期", "Report date"},
	"cover.preparer":  {"编制人", "Prepared by"},
	"cover.language":  {"报告语言", "Language"},
	"cover.langName":  {"简体中文", "English"},
	"cover.hash":      {"内容摘要", "Content hash"},
	"footer.printed":  {"由 %s 于 %s 打印", "printed by %s at %s"},
	"disclaimer": {"本报告仅供编制单位内部信用管理参考，依据报告日可得资料编制，不构成担保或投资建议；请以报告编号及内容摘要核对打印件。",
		"For the issuing firm's internal credit management only, based on the information available on the report date; not a guarantee or investment advice. Match a printout by its number and content hash."},
	"none":        {"无", "None"},
	"notProvided": {"未提供", "Not provided"},
	"unknown":     {"未知", "Unknown"},
	"yes":         {"是", "Yes"},
	"no":          {"否", "No"},
	"dash":        {"—", "—"},
	"listSep":     {"、", ", "},
	"clauseSep":   {"；", "; "},
	"colon":       {"：", ": "},

	// Summary.
	"sum.title":         {"评估结论", "Summary"},
	"sum.gradeLine":     {"信用等级 %s · 综合评分 %s / 100 · 资料完整度 %s", "Grade %s · score %s of 100 · completeness %s"},
	"sum.grade":         {"信用等级", "Grade"},
	"sum.recLimit":      {"建议限额", "Recommended limit"},
	"sum.recTerms":      {"建议付款方式", "Recommended terms"},
	"sum.boundBy":       {"限额约束", "Limit bound by"},
	"sum.approved":      {"批准限额及付款方式", "Approved limit and terms"},
	"sum.approval":      {"审批", "Approval"},
	"sum.approvalLine":  {"%s 于 %s 批准", "approved by %s on %s"},
	"sum.comment":       {"审批意见", "comment"},
	"sum.notApproved":   {"尚未批准任何限额", "Not yet approved"},
	"sum.sigValid":      {"审批签名有效", "signature valid"},
	"sum.sigInvalid":    {"审批签名无效：审批记录在签署后被改动，上述数值不可信", "SIGNATURE INVALID: the approval was changed after it was signed; do not rely on these values"},
	"sum.noRole":        {"审批无效：批准人从未担任可批准信用额度的角色，上述数值不可信", "APPROVAL NOT VALID: the approver never held a role that may approve credit limits; do not rely on these values"},
	"sum.topFlags":      {"主要风险提示", "Top red flags"},
	"sum.noFlags":       {"未发现风险提示", "No red flags"},
	"sum.moreFlags":     {"另有 %d 项，见评估部分", "and %d more in the assessment"},
	"sum.nextReview":    {"下次复核", "Next review"},
	"sum.notAssessed":   {"尚未评估", "Not assessed"},
	"sum.onHold":        {"暂停：制裁筛查未决", "ON HOLD: screening unresolved"},
	"sum.onHoldTx":      {"有制裁名单命中尚未判定：在逐条判定之前，不给予评级和限额，只能款到发货，且不得审批。", "A sanctions hit is undecided: until each is decided there is no grade and no limit, payment in advance only, and no approval."},
	"sum.selfApproved":  {"本人自批（单人审批政策）", "self-approved (single-approver policy)"},
	"sum.stale":         {"评估早于现有资料", "Assessment older than the data"},
	"sum.notAssessedTx": {"本客户尚未进行信用评估：没有等级、评分和建议限额。以下各部分仅汇总档案资料。", "This customer has not been assessed: there is no grade, score or recommended limit. The sections below only summarise the dossier."},
	"sum.notOnFile":     {"资料缺失（本报告未含相应部分）", "Not on file (no section in this report)"},
	"sum.dimChart":      {"各维度得分（0–100，缺失的维度不计）", "Dimension scores (0–100; missing dimensions left out)"},
	"sum.assessedOn":    {"评估日期", "Assessed on"},

	// Sections.
	"sec.identity":   {"企业身份", "Identity"},
	"sec.screening":  {"制裁名单筛查", "Sanctions screening"},
	"sec.trade":      {"贸易记录", "Trade record"},
	"sec.standing":   {"信用状况", "Credit standing"},
	"sec.soft":       {"软信息", "Soft information"},
	"sec.visit":      {"实地考察", "Field visit"},
	"sec.receivable": {"应收账款", "Receivables"},
	"sec.assessment": {"信用评估", "The assessment"},
	"sec.annex":      {"附件：证据材料", "Annex: evidence"},

	// Identity.
	"id.facts":        {"登记信息", "Registered facts"},
	"id.field":        {"项目", "Field"},
	"id.value":        {"内容", "Value"},
	"id.sources":      {"来源", "Sources"},
	"id.state":        {"核实状态", "Verification"},
	"id.summary":      {"共 %d 项有内容的事实：%d 项已核实，%d 项存在矛盾，%d 项注明来源。", "%d facts on file: %d verified, %d contradicted, %d with a source."},
	"id.says":         {"称“%s”", "says “%s”"},
	"id.noSource":     {"无来源", "No source"},
	"id.classes":      {"客户分类", "Classification"},
	"id.identifiers":  {"登记号码", "Identifiers"},
	"id.type":         {"类型", "Type"},
	"id.number":       {"号码", "Number"},
	"id.check":        {"号码校验", "Check"},
	"id.valid":        {"格式及校验位正确", "Well formed, check digits agree"},
	"id.invalid":      {"无效：%s", "Invalid: %s"},
	"id.noCheck":      {"无法校验（该类型没有校验算法）", "Not checkable (no algorithm for this type)"},
	"id.noIDs":        {"档案中没有登记号码。", "No identifiers on file."},
	"id.contacts":     {"联系人及决策链", "Contacts and the decision chain"},
	"id.name":         {"姓名", "Name"},
	"id.title":        {"职务", "Title"},
	"id.role":         {"角色", "Role"},
	"id.email":        {"电子邮箱", "E-mail"},
	"id.phone":        {"电话", "Phone"},
	"id.noContacts":   {"档案中没有联系人。", "No contacts on file."},
	"id.chain":        {"参与采购决策的角色：%s。", "Roles in the buying decision: %s."},
	"id.noChain":      {"未记录采购决策链。", "The buying decision chain is not recorded."},
	"id.techConfirm":  {"技术人员已确认规格：%s。", "Specifications confirmed by a technical person: %s."},
	"id.segment":      {"客户类型", "Segment"},
	"id.businessType": {"业务类型", "Business type"},
	"id.status":       {"客户状态", "Status"},
	"id.keyAccount":   {"重点客户", "Key account"},
	"id.owner":        {"负责人", "Account owner"},
	"id.tags":         {"标签", "Tags"},

	"fact.legal_name":           {"法定名称（原文）", "Legal name (original script)"},
	"fact.latin_name":           {"英文名称", "Legal name (Latin letters)"},
	"fact.aliases":              {"别名", "Aliases"},
	"fact.country":              {"国家／地区", "Country"},
	"fact.registered_address":   {"注册地址", "Registered address"},
	"fact.registration_date":    {"成立日期", "Registration date"},
	"fact.registered_capital":   {"注册资本", "Registered capital"},
	"fact.business_scope":       {"经营范围", "Business scope"},
	"fact.legal_representative": {"法定代表人", "Legal representative"},
	"fact.website":              {"网站", "Website"},
	"fact.email":                {"电子邮箱", "E-mail"},
	"fact.phone":                {"电话", "Phone"},
	"fact.social":               {"社交媒体", "Social profile"},

	"state.unverified":   {"未核实", "Unverified"},
	"state.verified":     {"已核实", "Verified"},
	"state.contradicted": {"存在矛盾", "Contradicted"},

	"source.customer":  {"客户自述", "customer"},
	"source.registry":  {"官方登记", "official registry"},
	"source.website":   {"网站", "website"},
	"source.social":    {"社交媒体", "social profile"},
	"source.customs":   {"海关数据", "customs data"},
	"source.agency":    {"征信机构", "credit agency"},
	"source.visit":     {"实地走访", "field visit"},
	"source.reference": {"同业推荐", "reference"},

	"role.purchasing": {"采购", "purchasing"},
	"role.technical":  {"技术", "technical"},
	"role.finance":    {"财务", "finance"},
	"role.owner":      {"老板／所有者", "owner"},
	"role.other":      {"其他", "other"},

	"segment.b2b": {"企业客户（B2B）", "business (B2B)"},
	"segment.b2c": {"个人客户（B2C）", "private (B2C)"},

	"btype.importer":    {"进口商", "importer"},
	"btype.distributor": {"分销商", "distributor"},
	"btype.retailer":    {"零售商", "retailer"},
	"btype.end_user":    {"终端用户", "end user"},
	"btype.trading":     {"贸易公司", "trading company"},

	"status.lead":    {"潜在客户", "lead"},
	"status.new":     {"新客户", "new"},
	"status.active":  {"活跃客户", "active"},
	"status.dormant": {"休眠客户", "dormant"},
	"status.blocked": {"已停止交易", "blocked"},

	// Screening.
	"scr.lists":       {"已导入的名单", "Lists imported"},
	"scr.list":        {"名单", "List"},
	"scr.published":   {"发布日期", "Published"},
	"scr.imported":    {"导入日期", "Imported"},
	"scr.entries":     {"条目数", "Entries"},
	"scr.noLists":     {"尚未导入任何制裁名单：本客户未经任何名单筛查，是否受制裁不得而知。", "No sanctions list has been imported: this customer has not been screened against any list, and whether it is sanctioned is not known."},
	"scr.notScreened": {"本客户尚未筛查。", "This customer has not been screened."},
	"scr.screenedAt":  {"于 %s 对照 %d 份名单筛查。", "Screened on %s against %d lists."},
	"scr.screenedNo":  {"于 %s 筛查时尚未导入任何名单，筛查结果无效。", "Screened on %s when no list had been imported: the result means nothing."},
	"scr.outdated":    {"此后已导入新的名单版本，应重新筛查。", "A list version was imported since: screen the customer again."},
	"scr.noHits":      {"未发现命中。", "No hits."},
	"scr.hits":        {"命中及处理结论", "Hits and the decisions taken"},
	"scr.entry":       {"名单条目", "List entry"},
	"scr.matched":     {"匹配的名称", "Matched name"},
	"scr.score":       {"相似度", "Score"},
	"scr.programs":    {"制裁项目", "Programmes"},
	"scr.decision":    {"处理结论", "Decision"},
	"scr.decidedBy":   {"%s（%s，%s）：%s", "%s by %s on %s: %s"},
	"scr.pending":     {"待处理：尚无人判断是否为真实命中", "Pending: nobody has decided whether this is a true match"},
	"scr.unpublished": {"未注明", "not stated"},

	"verdict.true_match":     {"确认命中", "True match"},
	"verdict.false_positive": {"误报", "False positive"},

	// Credit standing.
	"cs.reports":     {"第三方信用报告", "Third-party credit reports"},
	"cs.agency":      {"机构", "Agency"},
	"cs.date":        {"日期", "Date"},
	"cs.score":       {"评分（区间）", "Score (scale)"},
	"cs.rating":      {"评级", "Rating"},
	"cs.recLimit":    {"建议限额", "Recommended limit"},
	"cs.note":        {"备注", "Note"},
	"cs.inverted":    {"越低越好", "lower is better"},
	"cs.legal":       {"诉讼与破产记录", "Litigation and bankruptcy"},
	"cs.kind":        {"类型", "Kind"},
	"cs.court":       {"法院", "Court"},
	"cs.amount":      {"金额", "Amount"},
	"cs.status":      {"状态", "Status"},
	"cs.role":        {"角色", "Role"},
	"cs.banks":       {"往来银行", "Banks"},
	"cs.bank":        {"银行", "Bank"},
	"cs.references":  {"同业推荐", "Trade references"},
	"cs.who":         {"推荐方", "Supplier"},
	"cs.payment":     {"付款习惯", "Payment"},
	"cs.since":       {"往来始于", "Since"},
	"cs.insurance":   {"信用保险限额", "Credit-insurance limits"},
	"cs.insurer":     {"保险公司", "Insurer"},
	"cs.policy":      {"保单号", "Policy"},
	"cs.expiry":      {"到期日", "Expiry"},
	"cs.expired":     {"（已过期）", " (expired)"},
	"cs.scoreChart":  {"信用报告评分（换算为 0–100，越高越好）", "Credit-report scores (rescaled to 0–100, higher is better)"},
	"cs.notOnFileTx": {"以下资料未记录：%s。", "Not on file: %s."},

	"legal.litigation":  {"诉讼", "litigation"},
	"legal.bankruptcy":  {"破产", "bankruptcy"},
	"legal.enforcement": {"强制执行", "enforcement"},
	"legal.tax_lien":    {"税务留置", "tax lien"},
	"lstatus.open":      {"未结", "open"},
	"lstatus.settled":   {"已和解", "settled"},
	"lstatus.dismissed": {"已驳回", "dismissed"},
	"lstatus.closed":    {"已结案", "closed"},
	"lrole.defendant":   {"被告", "defendant"},
	"lrole.plaintiff":   {"原告", "plaintiff"},
	"habit.prompt":      {"按时付款", "prompt"},
	"habit.slow":        {"付款较慢", "slow"},
	"habit.very_slow":   {"付款很慢", "very slow"},
	"habit.default":     {"曾经违约", "defaulted"},

	// Soft information.
	"soft.inquiry":     {"询盘清晰度", "Clarity of the inquiry"},
	"soft.named":       {"已写明：%s", "named: %s"},
	"soft.notNamed":    {"未写明：%s", "not named: %s"},
	"soft.specs":       {"规格", "specifications"},
	"soft.quantity":    {"数量", "quantity"},
	"soft.delivery":    {"交期", "delivery"},
	"soft.payment":     {"付款方式", "payment"},
	"soft.response":    {"回复速度", "Response time"},
	"soft.hours":       {"约 %d 小时", "about %d hours"},
	"soft.chain":       {"决策链长度", "Decision chain"},
	"soft.roles":       {"%d 个角色：%s", "%d roles: %s"},
	"soft.tech":        {"技术确认", "Technical confirmation"},
	"soft.notes":       {"备注", "Notes"},
	"soft.expected":    {"预计业务", "Expected business"},
	"soft.volume":      {"预计年采购额", "Expected annual purchases"},
	"soft.orderSize":   {"单笔订单金额", "Order size"},
	"soft.reqTerms":    {"客户要求的付款方式", "Terms the customer asks for"},
	"reqterm.lc_sight": {"即期信用证", "L/C at sight"}, "reqterm.tt_advance": {"前T/T（款到发货）", "T/T in advance"},
	"reqterm.deposit_bl": {"定金＋凭提单副本付余款", "deposit, balance against B/L copy"}, "reqterm.dp": {"付款交单（D/P）", "D/P"},
	"reqterm.da_30": {"承兑交单 30 天", "D/A 30 days"}, "reqterm.da_60": {"承兑交单 60 天", "D/A 60 days"},
	"reqterm.oa_30": {"赊销 30 天", "O/A 30 days"}, "reqterm.oa_60": {"赊销 60 天", "O/A 60 days"}, "reqterm.oa_90": {"赊销 90 天", "O/A 90 days"},

	// Field visit.
	"v.template":      {"检查表", "Checklist"},
	"v.version":       {"第 %d 版", "version %d"},
	"v.date":          {"走访日期", "Visit date"},
	"v.visitor":       {"走访人", "Visitor"},
	"v.status":        {"状态", "Status"},
	"v.signed":        {"已签署（%s），记录已锁定", "Signed off on %s; locked"},
	"v.inProgress":    {"未签署：进行中的草稿，结论可能变化", "Not signed off: a draft in progress, findings may change"},
	"v.score":         {"走访得分", "Visit score"},
	"v.progress":      {"已回答", "Answered"},
	"v.progressOf":    {"%d / %d 项（%s）", "%d of %d items (%s)"},
	"v.sections":      {"各部分得分（0–100）", "Section scores (0–100)"},
	"v.failed":        {"未通过的必查项", "Failed required items"},
	"v.noFailed":      {"必查项全部通过。", "Every required item passed."},
	"v.photos":        {"现场照片", "Photos"},
	"v.noPhotos":      {"本次走访没有照片。", "No photos were taken on this visit."},
	"v.signatures":    {"签名", "Signatures"},
	"v.noSignatures":  {"尚无人签名。", "Nobody has signed yet."},
	"v.item":          {"检查项", "Item"},
	"v.answer":        {"回答", "Answer"},
	"v.note":          {"备注", "Note"},
	"v.itemScore":     {"得分", "Score"},
	"v.corrections":   {"签署后的更正", "Corrections after sign-off"},
	"v.old":           {"原回答", "Was"},
	"v.new":           {"更正为", "Now"},
	"v.reason":        {"原因", "Reason"},
	"v.byAt":          {"更正人及时间", "By, on"},
	"v.required":      {"（必查）", " (required)"},
	"v.unanswered":    {"未回答", "not answered"},
	"v.expected":      {"（预期 %s）", " (expected %s)"},
	"v.photoCount":    {"%d 张照片", "%d photos"},
	"v.photoCaption":  {"%s · %s · 拍摄于 %s · %s", "%s · %s · taken %s · %s"},
	"v.sigCaption":    {"%s：%s · 签于 %s", "%s: %s · signed %s"},
	"v.noSignedVisit": {"尚无已签署的实地考察。", "No field visit has been signed off."},
	"v.latest":        {"以下为最近一次已签署的走访。", "The latest signed-off visit."},
	"v.others":        {"另有 %d 次走访（未签署或较早）未列出。", "%d other visits (not signed off, or older) are not shown."},
	"v.notScored":     {"不计分", "not scored"},
	"v.signedNone":    {"未签署", "not signed"},
	"v.sigMissing":    {"签名图片缺失", "signature image missing"},
	"ans.pass":        {"通过", "pass"},
	"ans.fail":        {"不通过", "fail"},
	"ans.na":          {"不适用", "not applicable"},
	"ans.yes":         {"是", "yes"},
	"ans.no":          {"否", "no"},
	"sig.visitor":     {"走访人", "Visitor"},
	"sig.customer":    {"客户代表", "Customer's representative"},

	// The assessment.
	"a.snapshot":       {"评估时间", "Assessed on"},
	"a.by":             {"评估人", "Assessed by"},
	"a.profile":        {"评估模型", "Profile"},
	"a.policy":         {"信用政策", "Credit policy"},
	"a.policyDefault":  {"系统默认政策", "the built-in default policy"},
	"a.policySaved":    {"%s 保存的公司政策", "the firm's policy saved on %s"},
	"a.dims":           {"各维度得分与权重", "Dimensions, scores and weights"},
	"a.dimension":      {"维度", "Dimension"},
	"a.score":          {"得分", "Score"},
	"a.weight":         {"权重", "Weight"},
	"a.contribution":   {"贡献", "Contribution"},
	"a.missing":        {"缺失", "missing"},
	"a.total":          {"合计（等级 %s）", "Total (grade %s)"},
	"a.factor":         {"因素", "Factor"},
	"a.points":         {"分值", "Points"},
	"a.dimHead":        {"%s：%s 分，权重 %s", "%s: %s points, weight %s"},
	"a.dimMissing":     {"%s：缺失，不计权重", "%s: missing, weighs nothing"},
	"a.overrides":      {"等级调整", "Overrides"},
	"a.from":           {"原等级", "From"},
	"a.to":             {"调整为", "To"},
	"a.reason":         {"原因", "Reason"},
	"a.noOverrides":    {"没有等级调整：等级由评分决定。", "No overrides: the score decided the grade."},
	"a.flags":          {"全部风险提示", "All red flags"},
	"a.severity":       {"影响", "Effect"},
	"a.raisedBy":       {"来源", "Raised by"},
	"a.flag":           {"内容", "Finding"},
	"a.limit":          {"限额测算", "The limit"},
	"a.ceiling":        {"上限来源", "Ceiling"},
	"a.amount":         {"金额", "Amount"},
	"a.binding":        {"（约束）", " (binding)"},
	"a.terms":          {"付款方式", "Payment terms"},
	"a.policyRow":      {"适用的政策档位", "The policy row applied"},
	"a.minScore":       {"最低评分", "Lowest score"},
	"a.maxLimit":       {"最高限额", "Maximum limit"},
	"a.review":         {"复核周期", "Review every"},
	"a.months":         {"%d 个月（重点客户 %d 个月）", "%d months (key accounts %d)"},
	"a.decline":        {"拒绝交易", "Do not trade"},
	"a.proposals":      {"限额申请与审批记录", "Proposals and decisions"},
	"a.noProposals":    {"尚无限额申请。", "No limit has been proposed."},
	"a.proposedBy":     {"申请", "Proposed"},
	"a.pLimit":         {"限额及付款方式", "Limit and terms"},
	"a.pStatus":        {"状态", "Status"},
	"a.pDecision":      {"审批", "Decision"},
	"a.nextReview":     {"下次复核日期：%s。", "Next review: %s."},
	"sev.decline":      {"拒绝交易", "declines"},
	"sev.cap":          {"等级封顶", "caps the grade"},
	"sev.warn":         {"提示", "shown"},
	"pstatus.pending":  {"待审批", "pending"},
	"pstatus.approved": {"已批准", "approved"},
	"pstatus.rejected": {"已拒绝", "rejected"},

	"dim.identity": {"身份核实", "Identity"},
	"dim.trade":    {"贸易记录", "Trade record"},
	"dim.credit":   {"信用状况", "Credit standing"},
	"dim.soft":     {"软信息", "Soft information"},
	"dim.country":  {"国家风险", "Country risk"},
	"dim.visit":    {"实地考察", "Field visit"},
	"dim.payment":  {"付款记录", "Payment experience"},

	"bound.policy_cap":     {"政策上限", "the policy cap"},
	"bound.expected_share": {"预计采购额比例", "the share of expected purchases"},
	"bound.agency":         {"征信机构建议限额", "the agency's recommended limit"},
	"bound.insurance":      {"信用保险限额", "the credit-insurance limit"},
	"bound.zero_grade":     {"该等级不给予信用限额", "the grade allows no credit"},
	// A gate's ceiling bound the limit (assess.BoundGate + the gate).
	"bound.gate_on_hold":     {"制裁筛查未决期间暂停", "the hold while screening is unresolved"},
	"bound.gate_consumer":    {"个人客户上限", "the ceiling for private buyers"},
	"bound.gate_no_evidence": {"缺少独立信用证据时的上限", "the ceiling without independent credit evidence"},
	"bound.gate_country":     {"国家风险上限", "the country-risk ceiling"},

	"src.screening":    {"制裁筛查", "screening"},
	"src.idcheck":      {"号码校验", "identifier check"},
	"src.verification": {"来源核对", "verification"},
	"src.country":      {"国家风险", "country risk"},
	"src.contactcheck": {"联系方式核查", "contact check"},
	"src.assess":       {"评估规则", "assessment"},
	"src.visit":        {"实地考察", "field visit"},

	// Annex.
	"ax.intro":       {"以下为档案中附带的证照及现场照片，按页面缩放。", "The licence and site photos attached to the dossier, scaled to the page."},
	"ax.figure":      {"图 %d", "Figure %d"},
	"ax.caption":     {"%s · %s · %s 添加", "%s · %s · added %s"},
	"ax.noImages":    {"档案中没有可嵌入的图片附件（执照、名片或现场照片）。", "The dossier holds no image attachments (licence, card or site photos)."},
	"ax.visitPhotos": {"实地考察的照片和签名见“%s”部分。", "The field-visit photos and signatures are in the section “%s”."},
	"ax.others":      {"其他附件（未嵌入本报告）", "Other attachments (not embedded)"},
	"ax.name":        {"文件名", "File"},
	"ax.kind":        {"类别", "Kind"},
	"ax.size":        {"大小", "Size"},
	"ax.added":       {"添加日期", "Added"},
	"ax.sha":         {"SHA-256（前 16 位）", "SHA-256 (first 16)"},
	"ax.unreadable":  {"图片无法读取：%s", "The image could not be read: %s"},
	"akind.licence":  {"证照", "licence"},
	"akind.card":     {"名片", "business card"},
	"akind.site":     {"现场照片", "site photo"},
	"akind.report":   {"报告", "report"},
	"akind.other":    {"其他", "other"},

	// Portfolio.
	"pf.intro":       {"共 %d 家在用客户（状态为新客户或活跃客户，未归档），风险最高者在前：按等级 E 至 A，同一等级内按评分由低到高；未评估的客户（等级为“—”）列在最后。", "%d active customers (status new or active, not archived), riskiest first: grade E to A, then by score, lowest first; customers not yet assessed (grade “—”) come last."},
	"pf.grades":      {"等级分布：%s。", "By grade: %s."},
	"pf.notAssessed": {"未评估", "not assessed"},
	"pf.totals":      {"批准限额合计：%s。", "Approved limits in total: %s."},
	"pf.noApproved":  {"尚无批准的限额。", "No limit has been approved yet."},
	"pf.exposure":    {"敞口与逾期金额待应收账款记录后显示，目前显示为“—”。", "Exposure and overdue amounts appear once receivables are recorded; until then they show as “—”."},
	"pf.invalid":     {"%d 家客户的审批无效（签名不符，或批准人无权批准），其限额标记为“审批无效”。", "%d customers have an approval that does not count (its signature does not verify, or the approver had no role to approve); their limit is marked “invalid”."},
	"pf.none":        {"没有在用客户。", "There are no active customers."},
	"pf.capped":      {"下表只列出按上述顺序排在前面的 %d 位客户；其后的 %d 位（等级较好或尚未评估）已计入上面的统计，但不逐一列出：完整名单请导出客户列表（Excel）。", "The table lists the first %d customers in this order; the %d after them (better grades, or not yet assessed) are counted above but not listed one by one: export the customer list to Excel for all of them."},
	"pf.rank":        {"序号", "#"},
	"pf.customer":    {"客户", "Customer"},
	"pf.country":     {"国家", "Country"},
	"pf.grade":       {"等级", "Grade"},
	"pf.score":       {"评分", "Score"},
	"pf.limit":       {"批准限额", "Approved limit"},
	"pf.exposureCol": {"敞口", "Exposure"},
	"pf.overdue":     {"逾期", "Overdue"},
	"pf.review":      {"下次复核", "Next review"},
	"pf.sigInvalid":  {"审批无效", "invalid"},
}

// tr looks up labels in one language.
type tr struct{ lang string }

func (t tr) en() bool { return t.lang == report.LangEN }

// t returns the label; a missing key is returned as it is, so a gap shows.
func (t tr) t(key string) string {
	l, ok := labels[key]
	if !ok {
		return key
	}
	if t.en() {
		return l[1]
	}
	return l[0]
}

func (t tr) f(key string, a ...any) string { return fmt.Sprintf(t.t(key), a...) }

// enum translates a value of an enumeration; unknown values print as they are.
func (t tr) enum(group, value string) string {
	if value == "" {
		return t.t("dash")
	}
	if _, ok := labels[group+"."+value]; ok {
		return t.t(group + "." + value)
	}
	return value
}

// pick chooses the English or the Chinese of a bilingual pair from the
// domain, falling back to the other when one is empty.
func (t tr) pick(en, zh string) string {
	if t.en() {
		if strings.TrimSpace(en) != "" {
			return en
		}
		return zh
	}
	if strings.TrimSpace(zh) != "" {
		return zh
	}
	return en
}

func (t tr) yesNo(b bool) string {
	if b {
		return t.t("yes")
	}
	return t.t("no")
}

// paren puts s in parentheses: full-width in Chinese.
func (t tr) paren(s string) string {
	if t.en() {
		return " (" + s + ")"
	}
	return "（" + s + "）"
}

func (t tr) join(items []string) string { return strings.Join(items, t.t("listSep")) }

// or returns s, or "not provided" when it is blank.
func (t tr) or(s string) string {
	if strings.TrimSpace(s) == "" {
		return t.t("notProvided")
	}
	return s
}

// date writes a time as YYYY-MM-DD; a zero time is a dash.
func (t tr) date(x time.Time) string {
	if x.IsZero() {
		return t.t("dash")
	}
	return x.Format("2006-01-02")
}

// dateTime writes a time as the reader's local time with its offset,
// "2026-11-30 18:05 (UTC+08:00)": people read their own clock, and the
// offset keeps the time exact when the PDF travels.
func (t tr) dateTime(x time.Time) string {
	if x.IsZero() {
		return t.t("dash")
	}
	l := x.Local()
	return l.Format("2006-01-02 15:04") + " (UTC" + l.Format("-07:00") + ")"
}

// sectionTitle numbers a top-level section: "三、信用状况" or "3. Credit standing".
func (t tr) sectionTitle(n int, key string) string {
	if t.en() {
		return strconv.Itoa(n) + ". " + t.t(key)
	}
	return chineseNumeral(n) + "、" + t.t(key)
}

func chineseNumeral(n int) string {
	digits := []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}
	switch {
	case n <= 10:
		return digits[n]
	case n < 20:
		return "十" + digits[n-10]
	}
	return strconv.Itoa(n)
}

// money writes an amount with thousands separators and its currency.
func money(amount float64, ccy string) string {
	if math.IsNaN(amount) || math.IsInf(amount, 0) {
		return "—"
	}
	n := int64(math.Round(amount))
	neg := n < 0
	if neg {
		n = -n
	}
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(s[i])
	}
	out := b.String()
	if neg {
		out = "-" + out
	}
	if ccy = strings.TrimSpace(ccy); ccy != "" {
		out += " " + ccy
	}
	return out
}

// num writes a score: no decimals when whole, else one.
func num(x float64) string {
	if x == math.Trunc(x) {
		return strconv.FormatFloat(x, 'f', 0, 64)
	}
	return strconv.FormatFloat(x, 'f', 1, 64)
}

// pct writes a 0..1 share as a percentage.
func pct(x float64) string { return strconv.FormatFloat(math.Round(x*100), 'f', 0, 64) + "%" }

// termName is the short name of a payment term.
func (t tr) termName(x assess.Terms) string {
	en := t.en()
	pick := func(zh, e string) string {
		if en {
			return e
		}
		return zh
	}
	switch x.Code {
	case assess.TermLCSight:
		return pick("即期信用证（L/C）", "L/C at sight")
	case assess.TermTTAdvance:
		return pick("前T/T（款到发货）", "T/T in advance")
	case assess.TermDepositBL:
		return pick(fmt.Sprintf("%d%% 定金，余款凭提单副本支付", x.DepositPct), fmt.Sprintf("%d%% deposit, balance against B/L copy", x.DepositPct))
	case assess.TermDP:
		return pick("即期付款交单（D/P）", "D/P at sight")
	case assess.TermDA:
		return pick(fmt.Sprintf("承兑交单（D/A）%d 天", x.Days), fmt.Sprintf("D/A %d days", x.Days))
	case assess.TermOA:
		return pick(fmt.Sprintf("赊销（O/A）%d 天", x.Days), fmt.Sprintf("O/A %d days", x.Days))
	case assess.TermDecline:
		return pick("拒绝交易", "Decline")
	case "":
		return t.t("dash")
	}
	return x.Code
}

// idTypeName names an identifier type.
func (t tr) idTypeName(typ string) string {
	for _, ti := range idcheck.Types() {
		if ti.Key == typ {
			return t.pick(ti.NameEN, ti.NameZH)
		}
	}
	if typ == "" || typ == "other" {
		return t.pick("Other number", "其他号码")
	}
	return strings.ToUpper(typ)
}

// size writes a byte count for people.
func size(n int64) string {
	switch {
	case n >= 1<<20:
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MB"
	case n >= 1<<10:
		return strconv.FormatFloat(float64(n)/(1<<10), 'f', 0, 64) + " KB"
	}
	return strconv.FormatInt(n, 10) + " B"
}

// country names a country in the report's language ("DE" → 德国 /
// Germany); a code the reference table does not know stays as it is.
func (t tr) country(cc string) string {
	if c, ok := refdata.Current().Countries.Get(cc); ok {
		return t.pick(c.EN, c.ZH)
	}
	return cc
}
