/**
 * Chinese place names for the identifying-details check: a city or district is not identifying on
 * its own ("北京的房价"), but next to a workplace ("北京总部", "深圳的研发中心") it names a site a
 * company has few of. The lists are the big tech cities and their office districts, not a gazetteer.
 */
export const CITIES_ZH = (
  '北京 上海 广州 深圳 杭州 成都 重庆 武汉 南京 苏州 西安 天津 长沙 郑州 青岛 厦门 合肥 济南 大连 沈阳 ' +
  '哈尔滨 长春 昆明 贵阳 南宁 福州 宁波 无锡 东莞 佛山 珠海 石家庄 太原 南昌 兰州 乌鲁木齐 呼和浩特 海口 三亚 ' +
  '拉萨 西宁 银川 常州 温州 徐州 烟台 泉州 惠州 中山 嘉兴 绍兴 金华 台州 洛阳 唐山 保定 香港 澳门 台北 新竹 台中 高雄 ' +
  '新加坡 东京 首尔 伦敦 纽约 硅谷 西雅图 旧金山 湾区 柏林 巴黎 悉尼 多伦多 温哥华 班加罗尔'
).split(' ')

export const DISTRICTS_ZH = (
  '海淀 朝阳 望京 中关村 西二旗 上地 亦庄 酒仙桥 后厂村 五道口 国贸 浦东 张江 陆家嘴 漕河泾 徐汇 闵行 虹桥 ' +
  '南山 福田 宝安 龙岗 龙华 前海 坂田 滨江 余杭 西溪 未来科技城 天河 番禺 黄埔 琶洲 光谷 雄安 松山湖'
).split(' ')

/** Longest first: a regex alternation takes the first word that fits, not the longest. */
const WORKPLACES_ZH = (
  '总部 分公司 子公司 办公室 办公楼 办公区 办事处 研发中心 数据中心 客服中心 运营中心 交付中心 研究院 研究所 实验室 ' +
  '园区 产业园 科技园 软件园 工厂 厂区 生产基地 基地 分部 总行 分行 支行 门店 仓库 机房 大楼 大厦'
)
  .split(' ')
  .sort((a, b) => b.length - a.length)

const alternatives = (words: string[]) => [...words].sort((a, b) => b.length - a.length).join('|')

/**
 * A city, district or "××市/区/县" next to a workplace, with or without 的; a numbered building or
 * floor ("3号楼", "12层", "B座"). Floors in Chinese numerals are left out: "一楼" is too common.
 * A bare "中心" or "团队" is not a workplace here: the first is too common, the second is a team.
 */
export const PLACE_ZH = new RegExp(
  [
    `(?:${alternatives([...CITIES_ZH, ...DISTRICTS_ZH])}|\\p{Script=Han}{2}[市区县])(?:的)?(?:${WORKPLACES_ZH.join('|')})`,
    String.raw`\d{1,3}\s*(?:号楼|号馆|栋|幢|楼|层)(?!\d)`,
    String.raw`[一二三四五六七八九十]{1,3}(?:号楼|号馆|栋|幢)`,
    String.raw`(?<![A-Za-z])[A-Z]\s*(?:座|栋)`,
  ].join('|'),
  'gu',
)
