import { CITIES_ZH, DISTRICTS_ZH } from './zh-places.js'

/**
 * Chinese personal names for the identifying-details check: a common surname followed by a given
 * name of one or two characters ("张伟", "欧阳娜娜"), by a title ("王总", "李经理", "陈工"), or
 * after 老/小 ("老王", "小李"). Chinese has no spaces, so the hard part is "高兴", "方便", "周末":
 * words that start with a surname character. A word segmenter (ICU's, via Intl.Segmenter) knows
 * those words, and a surname standing as its own word is the signal; without one, a stop list and
 * "only after a particle or a non-Han character" keep the noise down, at the cost of misses.
 */

/** The 100 most common single-character surnames. */
const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔' +
  '钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'
const COMPOUND_SURNAMES = ['欧阳', '司马', '上官', '诸葛', '东方']

/** Longest first, so "总经理" is taken whole rather than as "总". */
const TITLES = (
  '总经理 董事长 工程师 总监 总裁 经理 老师 主任 主管 组长 部长 处长 科长 院长 校长 局长 书记 秘书 助理 老板 博士 教授 ' +
  '医生 律师 师傅 先生 女士 小姐 阿姨 总 工 董 姐 哥 叔'
)
  .split(' ')
  .sort((a, b) => b.length - a.length)

/** Particles, pronouns, numbers and common verbs: they end a name and never start a given name. */
const NOT_GIVEN = new Set(
  '的了和与跟同及或而但却说讲问叫让被把给对向从到在是有也都就又还才再已刚将会要能可该想去来过着得地们吗呢吧啊呀哦嗯哈很太更最' +
    '不没别这那哪我你您他她它咱谁啥每各些个位年月日号点时今昨本里上下前后左右一二三四五六七八九十百千万两几等请帮找看做打用',
)

/** A surname after these is a measure word or part of a number: "一张纸", "这周", "几万". */
const COUNTING = /[一二三四五六七八九十百千万两几这那每哪半某整第\d]/u

/** Frequent words that start with a surname character, for when no segmenter is at hand (and as a check with one). */
const STOP_LIST = [
  ...('高兴 高级 高管 高层 高效 高薪 高峰 高考 高中 高速 高度 高新 高铁 方便 方面 方法 方案 方向 方式 方针 白天 白班 白领 白色 白菜 ' +
    '金额 金融 金色 金钱 黄金 黄色 周末 周一 周二 周三 周四 周五 周六 周日 周天 周报 周会 周年 周期 周围 周边 马上 马虎 任何 任务 任职 ' +
    '于是 何时 何必 何况 万一 万元 万分 江边 江湖 汤圆 钱包 石头 石油 龙头 龙虾 史上 许多 曾经 向前 向来 严格 严重 严肃 毛病 毛利 ' +
    '林子 叶子 夏天 夏季 程序 程度 段落 雷达 王者 陈述 胡说 罗列 谢谢 宋体 唐朝 韩国 田野 董事 余额 余下 杜绝 丁点 钟头 钟点 陆续 ' +
    '范围 付款 付费 付出 熊猫 江南 陶瓷 黎明 贺卡 顾客 顾问 武器 莫名 孔子 邵阳 孙子 朱红 曹操 苏打 姜汁 蒋介石 潘多拉 邓小平 金主 段子 韩剧 彭博 严厉').split(' '),
  ...CITIES_ZH,
  ...DISTRICTS_ZH,
]
/** By first character, which is where a surname match looks them up. */
const STOP_WORDS = new Map<string, string[]>()
for (const w of STOP_LIST) STOP_WORDS.set(w[0]!, [...(STOP_WORDS.get(w[0]!) ?? []), w])

const SURNAME_AT = new RegExp(`(?:${COMPOUND_SURNAMES.join('|')}|[${SURNAMES}])`, 'gu')
const HAN = /^\p{Script=Han}$/u

export interface TextHit {
  index: number
  text: string
}

/** What the check needs of a segmenter: Intl.Segmenter fits; tests pass null for the fallback. */
export type WordSegmenter = Pick<Intl.Segmenter, 'segment'>

/** ICU's Chinese word segmenter where the runtime has one (Node 20, Chromium, Firefox 125+, Safari 14.1+). */
const SEGMENTER: WordSegmenter | null = typeof Intl.Segmenter === 'function' ? new Intl.Segmenter('zh', { granularity: 'word' }) : null

/** Where each word starts, mapped to where it ends. */
function wordSpans(text: string, segmenter: WordSegmenter): Map<number, number> {
  const spans = new Map<number, number>()
  for (const s of segmenter.segment(text)) spans.set(s.index, s.index + s.segment.length)
  return spans
}

/** Names in the text, in order, none inside another; `segmenter` null: the stop-list fallback. */
export function findChineseNames(text: string, segmenter: WordSegmenter | null = SEGMENTER): TextHit[] {
  if (!/\p{Script=Han}/u.test(text)) return []
  const words = segmenter ? wordSpans(text, segmenter) : null
  // Without a segmenter a "boundary" is a particle or a non-Han character on that side.
  const startsWord = (i: number) => (words ? words.has(i) : i === 0 || !HAN.test(text[i - 1]!) || NOT_GIVEN.has(text[i - 1]!))
  const endsWord = (i: number) => (words ? words.has(i) || i === text.length : i >= text.length || !HAN.test(text[i]!) || NOT_GIVEN.has(text[i]!))
  const hits: TextHit[] = []
  const push = (index: number, name: string) => hits.push({ index, text: name })
  for (const m of text.matchAll(SURNAME_AT)) {
    const i = m.index
    const last = hits.at(-1)
    // "蔡徐坤": 徐 is a surname too, inside the name just found.
    if (last && i < last.index + last.text.length) continue
    const end = i + m[0].length
    const before = text[i - 1] ?? ''
    if (STOP_WORDS.get(text[i]!)?.some((w) => text.startsWith(w, i))) continue
    // "老王", "小李": one word to ICU, or two ("老|李").
    const familiar = words ? words.get(i - 1) === end || (words.get(i - 1) === i && words.get(i) === end) : endsWord(end)
    if ((before === '老' || before === '小') && familiar) {
      push(i - 1, before + m[0])
      continue
    }
    if (COUNTING.test(before) || (m[0] === '周' && /[上下本前后这每]/u.test(before))) continue
    // With a segmenter the surname must be a word by itself: in "高兴" or "支付" it is not.
    if (!startsWord(i) || (words && words.get(i) !== end)) continue
    const title = TITLES.find((t) => text.startsWith(t, end) && endsWord(end + t.length))
    if (title) {
      push(i, m[0] + title)
      continue
    }
    const given = givenName(text, end, words)
    if (given) push(i, m[0] + given)
  }
  return hits
}

/** One or two characters of given name at `at`, or "" when what follows is a word of its own. */
function givenName(text: string, at: number, words: Map<number, number> | null): string {
  const isGiven = (c: string | undefined) => c !== undefined && HAN.test(c) && !NOT_GIVEN.has(c)
  if (!words) {
    if (!isGiven(text[at])) return ''
    return isGiven(text[at + 1]) ? text.slice(at, at + 2) : text[at]!
  }
  const first = text.slice(at, words.get(at) ?? at)
  // ICU sometimes glues a given name to the particle after it: "李|明和|王|芳".
  if (first.length === 2 && isGiven(first[0]) && NOT_GIVEN.has(first[1]!)) return first[0]!
  if (first.length !== 1 || !isGiven(first)) return ''
  const second = text.slice(at + 1, words.get(at + 1) ?? at + 1)
  return second.length === 1 && isGiven(second) ? first + second : first
}
