/**
 * The automated checks before publishing (shared/src/moderation/checks.ts, issue 11): each rule
 * proven on what it must find and on the ordinary text it must leave alone, positions mapped back
 * to the text as written, the hold priority — and, with fast-check, valid resident IDs always
 * found, non-Luhn digits never a card, ordinary numbers never a phone, any input never a throw.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { CHECK_RULES, checkText, holdingRule, LINK_SPAM_MAX_LINKS, normaliseForRepeat, type CheckOptions, type Finding } from '../../shared/src/moderation/checks.js'
import { passesLuhn } from '../../shared/src/moderation/bank-cards.js'
import { isValidResidentId, residentIdCheckChar } from '../../shared/src/moderation/resident-id.js'
import { ZH_TERMS } from '../../shared/src/moderation/zh-terms.js'

/** What was found, as [rule, the text it covers]. */
const found = (text: string, options?: CheckOptions) => checkText(text, options).map((f) => [f.rule, text.slice(f.start, f.end)])
const rulesIn = (text: string) => checkText(text).map((f) => f.rule)
/** A resident ID with the right check character. */
const residentId = (first17: string) => first17 + residentIdCheckChar(first17)
/** A number that passes Luhn: `body` and the digit that makes it pass. */
const withLuhnDigit = (body: string) => body + [...'0123456789'].find((d) => passesLuhn(body + d))

describe('checkText: phone_number', () => {
  it('finds Chinese mobiles, landlines, international, North American and UK numbers', () => {
    const numbers = [
      '13800138000', '138 0013 8000', '138-0013-8000', '+86 138 0013 8000', '+8613800138000', '0086-13912345678',
      '010-12345678', '0755-1234567', '(021) 1234 5678', '+1 (415) 555-2671', '(415) 555-2671', '415-555-2671',
      '415.555.2671', '+44 20 7946 0958', '020 7946 0958', '07700 900123', '+49 30 1234567',
    ]
    for (const n of numbers) assert.deepEqual(found(`电话：${n}，谢谢`), [['phone_number', n]], n)
  })

  it('leaves years, prices, percentages, versions, dates, times and IP addresses alone', () => {
    const text = 'In 2024 I earned 10000 RMB (¥10,000.00), up 3.5%, on v1.2.3 since 2026-12-03 / 2026/12/03 12:30; 192.168.1.1; 工号 12345678'
    assert.deepEqual(found(text), [])
  })

  it('does not bite a phone number out of a longer number', () => {
    assert.deepEqual(rulesIn('order 138001380001234'), [])
    assert.ok(!rulesIn('6222-0212-3456-7890').includes('phone_number'), 'a landline shape inside a card')
  })

  it('reports positions in the text as written (full-width digits, ideographic space)', () => {
    const text = '手机１３８\u3000００１３\u3000８０００'
    const [f] = checkText(text)
    assert.equal(f?.rule, 'phone_number')
    assert.equal(text.slice(f.start, f.end), '１３８\u3000００１３\u3000８０００')
  })
})

describe('checkText: email_address', () => {
  it('finds plain and disguised addresses', () => {
    for (const a of ['wang.li+work@example.com', '12345678@qq.com', 'wang [at] example [dot] com', 'wang(at)example.com', 'wang at example dot com', 'ｗａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ']) {
      assert.deepEqual(found(`写信给 ${a} 吧`), [['email_address', a]], a)
    }
  })

  it('does not take a bare " at " with real dots, an @handle or a domain without a TLD', () => {
    assert.deepEqual(found('look at example.com, ask @wang, or name@localhost'), [])
  })

  it('finds an address right after the word "at" (a sentence that looked like a spelled-out one first)', () => {
    assert.deepEqual(found('reach me at jane.doe@gmail.com for details'), [['email_address', 'jane.doe@gmail.com']])
  })

  it('claims the digits of a QQ address, so they are not also a phone number', () => {
    assert.deepEqual(found('13800138000@qq.com'), [['email_address', '13800138000@qq.com']])
  })
})

describe('checkText: cn_resident_id', () => {
  const id = residentId('11010519491231002')

  it('finds an ID with a correct check character, written whole or 6-8-4', () => {
    assert.equal(id, '11010519491231002X', 'the GB 11643 worked example')
    assert.deepEqual(found(`身份证号${id}。`), [['cn_resident_id', id]])
    assert.deepEqual(found(`身份证号${id.toLowerCase()}。`), [['cn_resident_id', id.toLowerCase()]])
    assert.deepEqual(found('ID 110105 19491231 002X'), [['cn_resident_id', '110105 19491231 002X']])
  })

  it('ignores a wrong check character, an impossible or future birth date, a bad region digit', () => {
    assert.ok(!rulesIn('110105194912310021').includes('cn_resident_id'), 'check character')
    assert.equal(isValidResidentId(residentId('11010519490230002')), false, '30 February')
    assert.equal(isValidResidentId(residentId('11010518991231002')), false, 'before 1900')
    assert.equal(isValidResidentId(residentId('11010520300101002'), new Date('2026-01-01')), false, 'not born yet')
    assert.equal(isValidResidentId(residentId('71010519491231002')), false, 'region 7')
    assert.equal(isValidResidentId(residentId('81000019491231002')), true, 'region 8: Hong Kong, Macao, Taiwan residence permit')
  })

  it('reports an ID that also passes Luhn once, as an ID', () => {
    let luhnId = ''
    for (let seq = 100; luhnId === ''; seq++) {
      const candidate = residentId(`11010519900101${seq}`)
      if (passesLuhn(candidate)) luhnId = candidate
    }
    assert.deepEqual(found(luhnId), [['cn_resident_id', luhnId]])
  })

  it('a random valid ID is always found, wherever it sits in Chinese text', () => {
    const validId = fc
      .tuple(fc.constantFrom('1', '2', '3', '4', '5', '6', '8'), fc.stringMatching(/^\d{5}$/), fc.date({ min: new Date('1900-01-01'), max: new Date('2025-12-31'), noInvalidDate: true }), fc.stringMatching(/^\d{3}$/))
      .map(([r, region, d, seq]) => residentId(r + region + d.toISOString().slice(0, 10).replaceAll('-', '') + seq))
    fc.assert(
      fc.property(validId, fc.string({ unit: 'grapheme', maxLength: 20 }), (id, tail) => {
        const text = `我的身份证是${id}${/^[\dXx]/.test(tail.normalize('NFKC')) ? ' ' : ''}${tail}`
        assert.ok(checkText(text).some((f) => f.rule === 'cn_resident_id' && text.slice(f.start, f.end) === id), text)
      }),
    )
  })
})

describe('checkText: bank_card', () => {
  it('finds Luhn-valid numbers, whole or in groups of four, or American Express 4-6-5', () => {
    for (const c of ['4111111111111111', '4111 1111 1111 1111', '4111-1111-1111-1111', '3782 822463 10005', withLuhnDigit('622202123456789012')]) {
      assert.deepEqual(found(`卡号 ${c} 谢谢`), [['bank_card', c]], c)
    }
    const card19 = withLuhnDigit('622848001234567890')
    const grouped = card19.replace(/(\d{4})(?=\d)/g, '$1 ')
    assert.deepEqual(found(grouped), [['bank_card', grouped]], '4-4-4-4-3')
  })

  it('ignores a failing check, odd groupings, decimals and one digit repeated', () => {
    assert.deepEqual(found('4111 1111 1111 1112; 100 200 300 400 5008; 3.14159265358979323; 0000 0000 0000 0000'), [])
  })

  it('random digit strings that fail Luhn are never reported as bank cards', () => {
    const notLuhn = fc.stringMatching(/^\d{13,19}$/).filter((d) => !passesLuhn(d))
    fc.assert(
      fc.property(notLuhn, fc.boolean(), (digits, grouped) => {
        const text = `卡号 ${grouped ? digits.replace(/(\d{4})(?=\d)/g, '$1 ') : digits} 谢谢`
        assert.ok(!rulesIn(text).includes('bank_card'), text)
      }),
    )
  })

  it('random Luhn-valid 16-digit cards are always found', () => {
    fc.assert(
      fc.property(fc.constantFrom('4', '51', '62'), fc.stringMatching(/^\d{13}$/), (prefix, body) => {
        const card = withLuhnDigit((prefix + body).slice(0, 15))
        fc.pre(!/^(\d)\1*$/.test(card))
        assert.deepEqual(found(`pay to ${card}`), [['bank_card', card]])
      }),
    )
  })
})

describe('checkText: street_address', () => {
  it('finds English street addresses and unit numbers', () => {
    for (const a of ['221B Baker Street', '1600 Amphitheatre Pkwy', '12 Main St.', '10 Downing Street', 'Apt 4', 'Suite 200', 'P.O. Box 123']) {
      assert.deepEqual(found(`Send it to ${a} please`), [['street_address', a]], a)
    }
  })

  it('finds Chinese roads with 号, lanes, buildings, units and rooms', () => {
    assert.deepEqual(found('我住在中关村大街27号'), [['street_address', '中关村大街27号']])
    for (const a of ['人民路5号', '淮海中路123弄', '123弄5号', '3栋2单元502', '5号楼', '1号楼3单元1201室', '1808室', '阳光小区3栋2单元502']) {
      assert.deepEqual(found(`地址：${a}。`), [['street_address', a]], a)
    }
    assert.ok(found('望京SOHO T1 1808室').some(([rule, s]) => rule === 'street_address' && s === '1808室'))
  })

  it('leaves dates, measure words and lower-case prose alone', () => {
    assert.deepEqual(found('我知道3号开会，难道5号不上班？3座城市，3栋房子，3室1厅。We walked 5 miles down the road; the test suite 2 failed.'), [])
  })
})

describe('checkText: profanity', () => {
  it('finds English profanity through obscenity, leetspeak and look-alikes included', () => {
    assert.deepEqual(found('you fucking idiot'), [['profanity', 'fuck']])
    assert.deepEqual(rulesIn('what a sh1t day, ＦＵＣＫ'), ['profanity', 'profanity'])
    assert.deepEqual(found('Scunthorpe, an assassin, a classic assessment'), [])
    assert.deepEqual(found('I paid 455 for a Galaxy A55'), [], 'digits read as leetspeak ("455" = "ass") are not enough')
  })

  it('finds Chinese terms with spaces, punctuation or emoji slipped in, full-width and traditional forms', () => {
    for (const t of ['傻逼', '傻 逼', '傻。逼', '傻😀逼', '傻Ｂ', '幹你娘', '婊子']) assert.deepEqual(rulesIn(`你是${t}吗`), ['profanity'], t)
    assert.deepEqual(found('你这个傻 逼！'), [['profanity', '傻 逼']])
  })

  it('matches Latin ends of a term at word boundaries only', () => {
    assert.deepEqual(found('傻boy 和 nmsl'), [['profanity', 'nmsl']])
    assert.deepEqual(found('gnmsl2'), [])
  })

  it('leaves innocent Chinese alone, including the near misses the list was trimmed for', () => {
    const innocent = '牛逼！我妈逼我结婚，截止日逼近，室内射击，手册那么厚，开支那么大，我们吃鸡吧，买了几把椅子，逼迫，我妈的生日，垃圾分类，杂种优势'
    assert.deepEqual(found(innocent), [])
  })

  it('takes extraTerms in any language, with the same matching', () => {
    const options = { extraTerms: ['Badword', '坏词', '', '   '] }
    assert.deepEqual(found('a BADWORD, 坏 词, badwords', options), [['profanity', 'BADWORD'], ['profanity', '坏 词']])
  })

  it('keeps the Chinese list modest and clean', () => {
    assert.ok(ZH_TERMS.length >= 40 && ZH_TERMS.length <= 120, `${ZH_TERMS.length} terms`)
    assert.equal(new Set(ZH_TERMS).size, ZH_TERMS.length, 'no duplicates')
    for (const t of ZH_TERMS) assert.equal(t, t.normalize('NFKC').toLowerCase().trim(), `${t} is stored normalised`)
  })
})

describe('checkText: link_spam', () => {
  it(`fires on more than ${LINK_SPAM_MAX_LINKS} links, reporting each`, () => {
    const text = 'buy http://a.example/x https://b.com www.c.com d.cn/path'
    assert.deepEqual(found(text), [['link_spam', 'http://a.example/x'], ['link_spam', 'https://b.com'], ['link_spam', 'www.c.com'], ['link_spam', 'd.cn/path']])
  })

  it('fires when links are most of a short text, not on one link or links in a long post', () => {
    assert.deepEqual(rulesIn('看 example.com test.io'), ['link_spam', 'link_spam'])
    assert.deepEqual(rulesIn('https://example.com'), [], 'one link is sharing')
    assert.deepEqual(rulesIn('Our retro notes are at https://a.com/notes and the roadmap lives at https://b.com/plan, see you there.'), [])
  })

  it('does not count file names, abbreviations or e-mail domains as links', () => {
    assert.deepEqual(rulesIn('README.md Node.js e.g. i.e. 3.5'), [])
    assert.deepEqual(rulesIn('a@b.com c@d.com'), ['email_address', 'email_address'])
  })
})

describe('holdingRule', () => {
  const at = (rule: Finding['rule'], start: number): Finding => ({ rule, start, end: start + 1 })

  it('holds for personal data first, then profanity, then link spam; none is null', () => {
    assert.equal(holdingRule([at('link_spam', 0), at('profanity', 1), at('street_address', 2), at('phone_number', 3)]), 'street_address')
    assert.equal(holdingRule([at('link_spam', 0), at('profanity', 5)]), 'profanity')
    assert.equal(holdingRule([at('link_spam', 0)]), 'link_spam')
    assert.equal(holdingRule([]), null)
  })

  it('works on what checkText returns', () => {
    assert.equal(holdingRule(checkText('傻逼 call 13800138000')), 'phone_number')
  })
})

describe('normaliseForRepeat', () => {
  it('folds width and case, collapses and trims white space', () => {
    assert.equal(normaliseForRepeat('  ＢＵＹ\u3000Now!\n\n 便宜  '), 'buy now! 便宜')
    assert.equal(normaliseForRepeat('Buy now! 便宜'), normaliseForRepeat(' buy   NOW! 便宜 '))
  })
})

describe('checkText: any input', () => {
  const piece = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 8 }),
    fc.constantFrom('1', '0', '8', 'X', ' ', '-', '.', '(', ')', '+', '@', ' at ', '[dot]', '号', '路', '栋', '傻', '逼', 'www.', 'http://', '.com', 'St', '\u0301', '\ud800', '\n'),
  )
  const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.array(piece, { maxLength: 80 }).map((p) => p.join('')))

  it('never throws; findings are in order, inside the text, of known rules', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const findings = checkText(text, { extraTerms: ['x1', '坏词'] })
        for (const [i, f] of findings.entries()) {
          assert.ok(CHECK_RULES.includes(f.rule))
          assert.ok(f.start >= 0 && f.start < f.end && f.end <= text.length, JSON.stringify(f))
          if (i > 0) assert.ok((findings[i - 1] as Finding).start <= f.start, 'in order of position')
        }
      }),
      { numRuns: 500 },
    )
  })

  it('ordinary numbers are never phone numbers', () => {
    const ordinary = fc.oneof(
      fc.integer({ min: 0, max: 99_999 }).map(String),
      fc.date({ min: new Date('1900-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
      fc.tuple(fc.nat(99), fc.nat(99), fc.nat(999)).map(([a, b, c]) => `v${a}.${b}.${c}`),
      fc.tuple(fc.nat(1_000_000), fc.nat(99)).map(([a, b]) => `${a}.${String(b).padStart(2, '0')} RMB`),
      fc.float({ min: 0, max: 1000, noNaN: true }).map((x) => `${x.toFixed(1)}%`),
    )
    fc.assert(fc.property(fc.array(ordinary, { minLength: 1, maxLength: 6 }), (parts) => {
      const text = parts.join(', ')
      assert.ok(!rulesIn(text).includes('phone_number'), text)
    }))
  })

  it('returns for non-strings and 20,000-character adversarial strings', () => {
    assert.deepEqual(checkText(undefined as unknown as string), [])
    assert.deepEqual(checkText('傻逼', { extraTerms: 'oops' as unknown as string[] }), [['profanity', 0, 2]].map(([rule, start, end]) => ({ rule, start, end })))
    const fill = (unit: string) => unit.repeat(Math.ceil(20_000 / unit.length)).slice(0, 20_000)
    for (const unit of ['1', '1 ', '12-', '1 -.()+', '+1 ', 'a.', 'a-a.', 'a@b.', 'a at b dot ', 'http://', '中路1', '4111 ', 'Aa Aa 1 ', '傻 ', '😀\u0301\ud800']) {
      assert.ok(Array.isArray(checkText(fill(unit))), unit)
    }
    assert.ok(Array.isArray(checkText(fill('a') + '@example.com')))
  })
})
