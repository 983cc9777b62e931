import { matchSpans, type Span } from './spans.js'

/**
 * Street addresses, by the parts that make one specific: a house number with a street name, a
 * flat or suite number, or — in Chinese — a road with its 号, a building/unit/room (3栋2单元502).
 * A city or district alone is not personal data and is not looked for.
 */

/** English street types; written as "Street", "STREET", "street" (no case-insensitive flag: names must be capitalised). */
const STREET_TYPES = [
  'Street', 'St', 'Avenue', 'Ave', 'Road', 'Rd', 'Boulevard', 'Blvd', 'Lane', 'Ln', 'Drive', 'Dr', 'Court', 'Ct',
  'Place', 'Pl', 'Parkway', 'Pkwy', 'Way', 'Terrace', 'Square', 'Sq', 'Highway', 'Hwy', 'Close', 'Crescent', 'Row',
] as const
const STREET_TYPE = `(?:${STREET_TYPES.flatMap((t) => [t, t.toUpperCase(), t.toLowerCase()]).join('|')})`

/** "221B Baker Street", "1600 Amphitheatre Pkwy", "12-14 Main St.": a number, one to three capitalised words, a street type. */
const ENGLISH_STREET = new RegExp(
  String.raw`(?<![A-Za-z0-9])\d{1,5}(?:-\d{1,5})?[A-Za-z]? (?:[A-Z0-9][\p{L}'’-]{0,20} ){1,3}${STREET_TYPE}(?![\p{L}\p{N}])\.?`,
  'gu',
)
/** "Apt 4", "Apt. #12B", "Suite 200", "Flat 3", "P.O. Box 123". Lower-case "suite" is left out ("test suite 2"). */
const ENGLISH_UNIT = /(?<![A-Za-z0-9])(?:Apt|APT|apt|Apartment|apartment|Suite|SUITE|Ste|Flat|FLAT|P\.? ?O\.? Box|PO BOX)\.? ?#?\d{1,5}[A-Za-z]?(?![A-Za-z0-9])/g

const HAN = String.raw`\p{Script=Han}`
/** A character of a road or compound name: Han, but not the pronouns and verbs that come before an address (我住在…, 位于…). */
const NAME_CHAR = `(?:(?![我你他她住在于到去是的从往])${HAN})`
/** The characters before 道 that make a word rather than a road: 知道, 难道, 味道, 频道, 说道, 问道, 一道. */
const NOT_ROAD_DAO = '(?<![知难難味频頻说說问問一])'
/** "中关村大街27号", "人民路5号", "南锣鼓巷 8 号", "淮海中路123弄": up to six characters of name, a road word, a number, 号 or 弄. */
const CHINESE_ROAD = new RegExp(
  `${NAME_CHAR}{1,6}(?:路|街|${NOT_ROAD_DAO}道|巷|胡同) ?\\d{1,5}(?:[-之]\\d{1,4})? ?(?:号|號|弄)`,
  'gu',
)
/** "123弄5号" (a Shanghai lane and its house). */
const CHINESE_LANE = /(?<!\d)\d{1,5}弄 ?\d{1,4}(?:号|號)/g
/** "3栋2单元502", "1号楼3单元1201室", "2幢301": a building with a room (栋 alone is also a measure word: 3栋房子). */
const CHINESE_BUILDING_ROOM = /(?<!\d)\d{1,4}(?:栋|棟|幢|号楼|號樓) ?(?:\d{1,3}(?:单元|單元) ?)?\d{1,5}(?:室|房|号|號)?(?!\d)/g
/** "5号楼" on its own. */
const CHINESE_BUILDING = /(?<!\d)\d{1,4}(?:号楼|號樓)/g
/** "2单元502室", "1808室" (three to five digits: "3室1厅" is a flat's layout, not an address). */
const CHINESE_ROOM = /(?<!\d)(?:\d{1,3}(?:单元|單元) ?\d{1,5}(?:室|房)|\d{3,5}室)/g
/** "阳光小区3栋", "望京花园5号楼": a residential compound and a building in it. */
const CHINESE_COMPOUND = new RegExp(
  `${NAME_CHAR}{1,8}(?:小区|小區|花园|花園|公寓|家园|家園|大厦|大廈|苑) ?[A-Za-z]?\\d{1,4}(?:号楼|號樓|栋|棟|幢|座)`,
  'gu',
)

const PATTERNS: readonly RegExp[] = [ENGLISH_STREET, ENGLISH_UNIT, CHINESE_ROAD, CHINESE_LANE, CHINESE_BUILDING_ROOM, CHINESE_BUILDING, CHINESE_ROOM, CHINESE_COMPOUND]

/** Address spans, possibly overlapping (the caller merges them: "阳光小区3栋2单元502" is one finding). */
export function findStreetAddresses(text: string): Span[] {
  return PATTERNS.flatMap((p) => matchSpans(text, p))
}
