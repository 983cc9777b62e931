import { sha256 } from '@noble/hashes/sha2.js'
import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js'
import { fromBase64url } from './base64url.js'

/**
 * The alias a pseudonym key shows as ("Quiet Heron"): the server labels posts with it, and the
 * composer shows it before a post is sent. 64 × 64 calm words: an alias should never read as an
 * insult or a joke.
 */
const ADJECTIVES = [
  'Quiet', 'Brave', 'Calm', 'Clever', 'Gentle', 'Swift', 'Bright', 'Patient', 'Steady', 'Curious', 'Bold', 'Kind', 'Lucky', 'Merry', 'Nimble', 'Polite',
  'Proud', 'Silent', 'Sunny', 'Wise', 'Amber', 'Azure', 'Crimson', 'Golden', 'Ivory', 'Jade', 'Silver', 'Velvet', 'Misty', 'Frosty', 'Rustic', 'Coastal',
  'Northern', 'Southern', 'Eastern', 'Western', 'Hidden', 'Humble', 'Honest', 'Candid', 'Earnest', 'Modest', 'Placid', 'Serene', 'Sincere', 'Thoughtful', 'Vivid', 'Warm',
  'Agile', 'Alert', 'Cheerful', 'Daring', 'Eager', 'Fair', 'Grand', 'Hardy', 'Jolly', 'Keen', 'Lively', 'Mellow', 'Noble', 'Plucky', 'Quick', 'Radiant',
]
const ANIMALS = [
  'Heron', 'Otter', 'Falcon', 'Badger', 'Fox', 'Lynx', 'Owl', 'Panda', 'Raven', 'Seal', 'Tiger', 'Walrus', 'Wren', 'Yak', 'Zebra', 'Bison',
  'Crane', 'Dolphin', 'Eagle', 'Finch', 'Gazelle', 'Hare', 'Ibis', 'Jaguar', 'Koala', 'Lemur', 'Magpie', 'Narwhal', 'Ocelot', 'Pelican', 'Quail', 'Robin',
  'Salmon', 'Tapir', 'Urchin', 'Vole', 'Weasel', 'Alpaca', 'Beaver', 'Camel', 'Dingo', 'Egret', 'Ferret', 'Gecko', 'Hedgehog', 'Iguana', 'Jackal', 'Kestrel',
  'Llama', 'Marmot', 'Newt', 'Oriole', 'Puffin', 'Rabbit', 'Sparrow', 'Toucan', 'Stork', 'Swan', 'Turtle', 'Whale', 'Moose', 'Mole', 'Bear', 'Deer',
]

/**
 * The same words for Chinese readers, index for index, so one key reads as "Quiet Heron" and
 * "安静的苍鹭". Where the literal word carries a slur, a meme or an ill omen in Chinese, the
 * entry is a neighbour instead: Proud → 自豪 (骄傲 reads as arrogant), Golden → 鎏金 and
 * Noble → 尊贵 (金/高 would open the alias with a surname), the four directions → 北境… (东方 is
 * a surname), Fox → 赤狐 (狐狸 is "sly"), Weasel → 伶鼬 (黄鼠狼 is a byword), Alpaca → 藏羚 and
 * Llama → 雪豹 (both are the 草泥马 joke), Dingo → 袋鼠 and Jackal → 狐獴 (犬/豺 are insults),
 * Marmot → 旱獭 (土拨鼠 is a meme), Turtle → 玳瑁 (龟 is an insult), Rabbit → 玉兔.
 * No adjective starts with a common surname, so an alias never looks like a person's name.
 */
const ADJECTIVES_ZH = [
  '安静', '勇敢', '沉着', '聪慧', '温和', '迅捷', '明亮', '耐心', '稳重', '好奇', '果敢', '善良', '幸运', '欢快', '灵巧', '有礼',
  '自豪', '沉默', '明朗', '睿智', '琥珀色', '蔚蓝', '绯红', '鎏金', '象牙白', '翡翠色', '银色', '丝绒', '朦胧', '凝霜', '质朴', '海岸',
  '北境', '南境', '东境', '西境', '隐逸', '谦逊', '诚实', '坦率', '认真', '谦和', '恬静', '安详', '真诚', '深思', '绚丽', '温暖',
  '敏捷', '警觉', '开朗', '无畏', '热切', '公正', '威严', '坚韧', '愉快', '敏锐', '活泼', '柔和', '尊贵', '刚毅', '轻快', '璀璨',
]
const ANIMALS_ZH = [
  '苍鹭', '水獭', '游隼', '獾', '赤狐', '猞猁', '猫头鹰', '熊猫', '渡鸦', '海豹', '老虎', '海象', '鹪鹩', '牦牛', '斑马', '野牛',
  '仙鹤', '海豚', '雄鹰', '金翅雀', '羚羊', '野兔', '朱鹮', '美洲豹', '考拉', '狐猴', '喜鹊', '独角鲸', '虎猫', '鹈鹕', '鹌鹑', '知更鸟',
  '鲑鱼', '貘', '海胆', '田鼠', '伶鼬', '藏羚', '河狸', '骆驼', '袋鼠', '白鹭', '雪貂', '壁虎', '刺猬', '鬣蜥', '狐獴', '红隼',
  '雪豹', '旱獭', '蝾螈', '黄鹂', '海鹦', '玉兔', '麻雀', '巨嘴鸟', '白鹳', '天鹅', '玳瑁', '蓝鲸', '驼鹿', '鼹鼠', '棕熊', '梅花鹿',
]

export type AliasLanguage = 'en' | 'zh-CN'

/** Every word list, for tests and for anyone who needs to show them. */
export const ALIAS_WORDS: Readonly<Record<AliasLanguage, { adjectives: readonly string[]; animals: readonly string[] }>> = {
  en: { adjectives: ADJECTIVES, animals: ANIMALS },
  'zh-CN': { adjectives: ADJECTIVES_ZH, animals: ANIMALS_ZH },
}

/** The [adjective, animal] indices a key picks: the same in every language. */
export function aliasIndices(publicKey: string): [number, number] {
  const h = sha256(concatBytes(utf8ToBytes('watercooler/alias/'), fromBase64url(publicKey)))
  return [h[0]! % ADJECTIVES.length, h[1]! % ANIMALS.length]
}

/** `publicKey`: base64url Ed25519 public key, as posts carry it. The server always labels in English. */
export function aliasName(publicKey: string, lang: AliasLanguage = 'en'): string {
  const [a, b] = aliasIndices(publicKey)
  const { adjectives, animals } = ALIAS_WORDS[lang]
  return lang === 'zh-CN' ? `${adjectives[a]}的${animals[b]}` : `${adjectives[a]} ${animals[b]}`
}
