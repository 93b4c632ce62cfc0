/**
 * Every label of the console in Chinese (first) and English. A message without both cannot be
 * written: the catalogue's type requires `zh` and `en` for each key.
 */
export type Language = 'zh' | 'en';
type Catalogue = Record<string, { zh: string; en: string }>;

const ui = {
  'app.title': { zh: '网格化治理工作台', en: 'Grid governance console' },
  'app.language': { zh: 'English', en: '中文' },
  'app.languageLabel': { zh: '切换为英文界面', en: 'Switch the interface to Chinese' },
  'app.logout': { zh: '退出登录', en: 'Log out' },
  'app.skipToContent': { zh: '跳到主要内容', en: 'Skip to main content' },
  'app.mainMenu': { zh: '主菜单', en: 'Main menu' },
  'app.loading': { zh: '加载中…', en: 'Loading…' },
  'app.notFound': { zh: '页面不存在', en: 'Page not found' },
  'app.backHome': { zh: '返回首页', en: 'Back to the start page' },
  'login.title': { zh: '登录', en: 'Log in' },
  'login.username': { zh: '用户名', en: 'Username' },
  'login.password': { zh: '密码', en: 'Password' },
  'login.submit': { zh: '登录', en: 'Log in' },
  'login.required': { zh: '请填写此项', en: 'Please fill this in' },
  'login.expired': { zh: '登录已过期，请重新登录', en: 'Your session has ended: please log in again' },
  'login.demoHint': {
    zh: '演示账号：staff0001（中心坐席）、wg0001（网格员）、staff0299（执法队员）、analyst（分析员）、admin（管理员）',
    en: 'Demo logins: staff0001 (centre operator), wg0001 (grid worker), staff0299 (squad officer), analyst, admin',
  },
  'menu.home': { zh: '工作台', en: 'Start' },
  'menu.intake': { zh: '受理登记', en: 'Intake' },
  'menu.cases': { zh: '案件列表', en: 'Cases' },
  'menu.escalations': { zh: '升级看板', en: 'Escalation board' },
  'menu.overdue': { zh: '超期清单', en: 'Overdue list' },
  'menu.report': { zh: '上报事件', en: 'Report' },
  'menu.enforcement': { zh: '执法案件', en: 'Enforcement cases' },
  'menu.replay': { zh: '案件回放', en: 'Replay' },
  'menu.dashboards': { zh: '统计看板', en: 'Dashboards' },
  'menu.assessments': { zh: '考核排名', en: 'Assessment rankings' },
  'menu.accounts': { zh: '账号管理', en: 'Accounts' },
  'menu.jurisdictions': { zh: '辖区树', en: 'Jurisdiction tree' },
  'menu.projections': { zh: '投影状态', en: 'Projection status' },
  'problem.title': { zh: '操作未成功', en: 'That did not work' },
  'problem.code': { zh: '错误代码', en: 'Error code' },
  'problem.network': {
    zh: '无法连接服务器，请检查网络后重试',
    en: 'The server cannot be reached: check the connection and try again',
  },
  'problem.conflict': {
    zh: '案件已被他人更新，请重新加载后再操作',
    en: 'Someone else changed this case: reload it, then try again',
  },
  'problem.reload': { zh: '重新加载案件', en: 'Reload the case' },
  'problem.details': { zh: '问题字段', en: 'Fields to fix' },
  'common.search': { zh: '搜索', en: 'Search' },
  'common.reset': { zh: '重置', en: 'Reset' },
  'common.submit': { zh: '提交', en: 'Submit' },
  'common.cancel': { zh: '取消', en: 'Cancel' },
  'common.refresh': { zh: '刷新', en: 'Refresh' },
  'common.export': { zh: '导出', en: 'Export' },
  'common.open': { zh: '打开', en: 'Open' },
  'common.asOf': { zh: '截至日期', en: 'As of' },
  'common.none': { zh: '无', en: 'None' },
  'common.more': { zh: '加载更多', en: 'Load more' },
  'common.total': { zh: '共', en: 'Total' },
  'common.yes': { zh: '是', en: 'Yes' },
  'common.no': { zh: '否', en: 'No' },
  'common.saved': { zh: '已保存', en: 'Saved' },
  'cases.title': { zh: '标题', en: 'Title' },
  'cases.type': { zh: '类型', en: 'Type' },
  'cases.status': { zh: '状态', en: 'Status' },
  'cases.level': { zh: '处置层级', en: 'Level' },
  'cases.overdue': { zh: '超期', en: 'Overdue' },
  'cases.overdueTag': { zh: '超期', en: 'Overdue' },
  'cases.riskTag': { zh: '风险', en: 'Risk' },
  'cases.handlingUnit': { zh: '承办单位', en: 'Handling unit' },
  'cases.nextDeadline': { zh: '最近期限', en: 'Next deadline' },
  'cases.updatedAt': { zh: '更新时间', en: 'Updated' },
} satisfies Catalogue;

/** Words the API answers with (enum values), shown in the caller's language. */
const terms = {
  'role.centre_operator': { zh: '中心坐席', en: 'Centre operator' },
  'role.street_staff': { zh: '街道工作人员', en: 'Street staff' },
  'role.community_staff': { zh: '社区工作人员', en: 'Community staff' },
  'role.grid_worker': { zh: '网格员', en: 'Grid worker' },
  'role.squad_officer': { zh: '执法队员', en: 'Squad officer' },
  'role.analyst': { zh: '分析员', en: 'Analyst' },
  'role.administrator': { zh: '系统管理员', en: 'Administrator' },
  'role.district_department': { zh: '区职能部门', en: 'District department' },
  'caseType.dispute': { zh: '矛盾纠纷', en: 'Dispute' },
  'caseType.petition': { zh: '信访事项', en: 'Petition' },
  'caseType.enforcement': { zh: '行政执法', en: 'Enforcement' },
  'status.reported': { zh: '已上报', en: 'Reported' },
  'status.registered': { zh: '已登记', en: 'Registered' },
  'status.rejected': { zh: '不予受理', en: 'Rejected' },
  'status.dispatched': { zh: '已派遣', en: 'Dispatched' },
  'status.accepted': { zh: '已签收', en: 'Accepted' },
  'status.in_progress': { zh: '处置中', en: 'In progress' },
  'status.resolved': { zh: '已办结待核', en: 'Resolved' },
  'status.verified': { zh: '已核查', en: 'Verified' },
  'status.closed': { zh: '已结案', en: 'Closed' },
  'status.followed_up': { zh: '已回访', en: 'Followed up' },
  'status.parked': { zh: '已挂起', en: 'Parked' },
  'status.referred_out': { zh: '已移交', en: 'Referred out' },
  'level.building': { zh: '楼院', en: 'Building' },
  'level.community': { zh: '社区', en: 'Community' },
  'level.street': { zh: '街道', en: 'Street' },
  'level.district': { zh: '区', en: 'District' },
  'level.grid': { zh: '网格', en: 'Grid' },
  'level.squad': { zh: '执法中队', en: 'Squad' },
  'urgency.emergency': { zh: '紧急', en: 'Emergency' },
  'urgency.utility': { zh: '水电气暖', en: 'Utilities' },
  'urgency.general': { zh: '一般', en: 'General' },
  'urgency.complex': { zh: '复杂', en: 'Complex' },
  'source.grid_patrol': { zh: '网格巡查', en: 'Grid patrol' },
  'source.walk_in': { zh: '来访', en: 'Walk-in' },
  'source.phone': { zh: '来电', en: 'Phone' },
  'source.hotline_12345': { zh: '12345热线', en: '12345 hotline' },
  'source.online': { zh: '网上', en: 'Online' },
  'source.video_alert': { zh: '视频告警', en: 'Video alert' },
  'source.petition_visit': { zh: '信访走访', en: 'Petition visit' },
  'source.petition_letter': { zh: '来信', en: 'Petition letter' },
  'source.department_transfer': { zh: '部门转办', en: 'Department transfer' },
  'source.task_from_above': { zh: '上级交办', en: 'Task from above' },
  'stage.lead': { zh: '线索', en: 'Lead' },
  'stage.not_filed': { zh: '不予立案', en: 'Not filed' },
  'stage.referred_out': { zh: '移送', en: 'Referred out' },
  'stage.investigating': { zh: '调查取证', en: 'Investigating' },
  'stage.under_review': { zh: '审核', en: 'Under review' },
  'stage.no_penalty': { zh: '不予处罚', en: 'No penalty' },
  'stage.transferred': { zh: '移送司法', en: 'Transferred' },
  'stage.penalty_proposed': { zh: '拟处罚', en: 'Penalty proposed' },
  'stage.notified': { zh: '已告知', en: 'Notified' },
  'stage.hearing_requested': { zh: '申请听证', en: 'Hearing requested' },
  'stage.hearing_scheduled': { zh: '听证已排期', en: 'Hearing scheduled' },
  'stage.heard': { zh: '已听证', en: 'Heard' },
  'stage.decided': { zh: '已决定', en: 'Decided' },
  'stage.awaiting_payment': { zh: '待缴款', en: 'Awaiting payment' },
  'stage.demanded': { zh: '已催告', en: 'Payment demanded' },
  'stage.paid': { zh: '已缴款', en: 'Paid' },
  'stage.executed': { zh: '已执行', en: 'Executed' },
  'stage.court_enforcement': { zh: '申请法院强制执行', en: 'Court enforcement' },
  'stage.archived': { zh: '已归档', en: 'Archived' },
} satisfies Catalogue;

export const MESSAGES = { ...ui, ...terms } satisfies Catalogue;
export type MessageKey = keyof typeof MESSAGES;

/** The message in that language; an unknown key (an enum value the catalogue lacks) comes back as written. */
export function translate(language: Language, key: string): string {
  const entry = (MESSAGES as Catalogue)[key];
  return entry ? entry[language] : key;
}

/** An API enum value in words: `term('status', 'closed')` → 已结案 / Closed; an unknown value as written. */
export function translateTerm(language: Language, group: string, value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const entry = (MESSAGES as Catalogue)[`${group}.${value}`];
  return entry ? entry[language] : value;
}
