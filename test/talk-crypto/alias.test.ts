import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ALIAS_WORDS, aliasIndices, aliasName, type AliasLanguage } from '../../shared/src/talk/alias.js'
import { newMasterSecret, publicKeyOf, threadKey } from '../../shared/src/talk/pseudonyms.js'

const LANGUAGES: AliasLanguage[] = ['en', 'zh-CN']
const key = (fill: number) => Buffer.alloc(32, fill).toString('base64url')

describe('aliases of pseudonym keys', () => {
  it('keep the English names that keys already show (the server labels posts with them)', () => {
    const pinned: [string, string][] = [
      [key(0), 'Clever Iguana'],
      [key(0xff), 'Jade Ferret'],
      [Buffer.from(Array.from({ length: 32 }, (_, i) => i)).toString('base64url'), 'Bright Dingo'],
      ['O2onvM62pC1io6jQKm8Nc2UyFXcd4kOmOsBIoYtZ2ik', 'Silver Iguana'],
      ['11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo', 'Placid Marmot'],
    ]
    for (const [k, name] of pinned) {
      assert.equal(aliasName(k), name)
      assert.equal(aliasName(k, 'en'), name)
    }
  })

  it('give Chinese readers the counterpart of the same words', () => {
    assert.equal(aliasName(key(0), 'zh-CN'), '聪慧的鬣蜥')
    assert.equal(aliasName(key(0xff), 'zh-CN'), '翡翠色的雪貂')
    assert.equal(aliasName('11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo', 'zh-CN'), '恬静的旱獭')
  })

  it('are the same for the same key, in every language', () => {
    const k = publicKeyOf(threadKey(newMasterSecret(), 'thread-1'))
    const again = Buffer.from(k, 'base64url').toString('base64url')
    for (const lang of LANGUAGES) assert.equal(aliasName(k, lang), aliasName(again, lang))
  })

  it('pick the same pair of indices in both languages', () => {
    const master = newMasterSecret()
    for (let i = 0; i < 200; i++) {
      const k = publicKeyOf(threadKey(master, `thread-${i}`))
      const [a, b] = aliasIndices(k)
      assert.equal(aliasName(k, 'en'), `${ALIAS_WORDS.en.adjectives[a]} ${ALIAS_WORDS.en.animals[b]}`)
      assert.equal(aliasName(k, 'zh-CN'), `${ALIAS_WORDS['zh-CN'].adjectives[a]}的${ALIAS_WORDS['zh-CN'].animals[b]}`)
    }
  })

  it('draw from 64 adjectives and 64 animals per language, every word unique', () => {
    for (const lang of LANGUAGES) {
      const { adjectives, animals } = ALIAS_WORDS[lang]
      assert.equal(adjectives.length, 64, lang)
      assert.equal(animals.length, 64, lang)
      assert.equal(new Set([...adjectives, ...animals]).size, 128, `${lang}: a word appears twice`)
    }
  })

  it('use only Han characters in Chinese, and never open with a common surname', () => {
    const { adjectives, animals } = ALIAS_WORDS['zh-CN']
    for (const w of [...adjectives, ...animals]) assert.match(w, /^\p{Script=Han}+$/u, w)
    for (const w of adjectives) assert.ok(!'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.includes(w[0]!), w)
  })
})
