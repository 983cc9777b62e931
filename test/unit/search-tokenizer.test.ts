/**
 * The search tokenizer (shared/src/search): Chinese segmented by Intl.Segmenter plus CJK
 * characters and bigrams, mixed scripts, emoji and punctuation, quoting for tsquery/tsvector input,
 * and — with fast-check — any string in: no throw, bounded output.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { companyDocument, documentTokens, matchQuery, personDocument, queryTerms, quoteLexeme, rankQuery, TOKENIZER, trigramText, tsvectorText } from '../../shared/src/search/index.js'

/** Whether every term a query must match is among a document's tokens (what `doc @@ match` means, prefixes aside). */
const finds = (doc: string, q: string) => {
  const tokens = new Set(documentTokens(doc))
  return queryTerms(q).match.every((t) => (t.prefix ? [...tokens].some((x) => x.startsWith(t.lexeme)) : tokens.has(t.lexeme)))
}

describe('the search tokenizer: Chinese', () => {
  it('finds "年终奖" in "今年的年终奖取消了", which the segmenter cuts 年终|奖', () => {
    const tokens = documentTokens('今年的年终奖取消了')
    assert.ok(tokens.includes('年终') && tokens.includes('终奖'), 'bigrams across the word boundary')
    assert.ok(!tokens.includes('年终奖'), 'the segmenter did not keep the word whole (else this test proves nothing)')
    assert.deepEqual(queryTerms('年终奖').match.map((t) => t.lexeme), ['年终', '终奖'])
    assert.ok(finds('今年的年终奖取消了', '年终奖'))
    assert.ok(!finds('今年的年终总结', '年终奖'), 'all bigrams must be there')
  })

  it('keeps the segmenter’s words for ranking, single characters for one-character queries', () => {
    assert.ok(documentTokens('今年的年终奖取消了').includes('取消'))
    assert.equal(rankQuery('年终奖'), "'年终' | '终奖'", 'any term ranks; the word 年终 is one of them already')
    assert.deepEqual(queryTerms('王').match, [{ lexeme: '王', prefix: false }])
    assert.ok(finds('王小明', '王'))
  })

  it('folds full-width forms and case (NFKC): "ＡＢＣ" is "abc"', () => {
    assert.deepEqual(documentTokens('ＡＢＣ'), ['abc'])
  })
})

describe('the search tokenizer: other scripts, emoji, punctuation', () => {
  it('splits mixed Chinese and English', () => {
    const tokens = documentTokens('我在Netease做前端，React很好用')
    for (const t of ['netease', 'react', '前端', '做前']) assert.ok(tokens.includes(t), `${t} in ${tokens.join(' ')}`)
    assert.ok(finds('我在Netease做前端', 'netease 前端'))
  })

  it('drops emoji and punctuation, keeps words around them', () => {
    assert.deepEqual(documentTokens('🎉🎉 hello, world!!! 👩‍💻'), ['hello', 'world'])
    assert.deepEqual(queryTerms('🎉 ！？…').match, [])
    assert.equal(matchQuery('🎉 !!!'), null)
  })

  it('drops Latin diacritics, lower-cases, and matches words by prefix', () => {
    assert.deepEqual(documentTokens('José Müller'), ['jose', 'muller'])
    assert.ok(finds('Alice Chen', 'ali'))
    assert.equal(matchQuery('Alice chen'), "'alice':* & 'chen':*")
  })

  it('quotes lexemes so that PostgreSQL parses nothing: quotes and backslashes', () => {
    assert.equal(quoteLexeme("it's"), "'it''s'")
    assert.equal(quoteLexeme('a\\b'), "'a\\\\b'")
    assert.equal(tsvectorText({ a: ['alice'], b: ['chen', 'alice'] }), "'alice':1A 'chen':2B")
  })

  it('keeps trigram text to ASCII letters and digits, so every database locale agrees', () => {
    assert.equal(trigramText('Alice Chén 王小明!'), 'alice chen')
    assert.equal(personDocument({ name: '王小明', headline: '' }).trigrams, '')
  })

  it('indexes a company’s domains whole, by label, and as a query would cut them', () => {
    const doc = companyDocument({ name: 'Northwind', domains: ['northwind-traders.example'] })
    assert.ok(doc.b.includes('northwind-traders.example'))
    assert.ok(doc.b.includes('example'))
    for (const t of queryTerms('northwind-traders.example').match) assert.ok([...doc.a, ...doc.b].includes(t.lexeme), t.lexeme)
  })
})

describe('the search tokenizer: any string', () => {
  const anyText = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ maxLength: 300 }))

  it('never throws, never gives an empty or over-long token, and stays within its bounds', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const tokens = documentTokens(s)
        assert.ok(tokens.length <= TOKENIZER.maxDocumentTokens)
        assert.equal(new Set(tokens).size, tokens.length, 'distinct')
        for (const t of tokens) assert.ok(t.length > 0 && Array.from(t).length <= TOKENIZER.maxTokenLength)
        const q = queryTerms(s)
        assert.ok(q.match.length <= TOKENIZER.maxQueryTerms && q.rank.length <= TOKENIZER.maxQueryTerms)
        for (const t of q.match) assert.ok(t.lexeme.length > 0)
        assert.equal(matchQuery(s) === null, q.match.length === 0)
      }),
      { numRuns: 500 },
    )
  })

  it('finds every document by its own words (the query side cuts text as the document side does)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (s) => {
        if (queryTerms(s).match.length === TOKENIZER.maxQueryTerms) return
        assert.ok(finds(s, s), JSON.stringify(s))
      }),
      { numRuns: 300 },
    )
  })

  it('bounds a huge input: 1 MB of Chinese and of one long word', () => {
    const zh = '今年的年终奖取消了'.repeat(120_000)
    assert.ok(documentTokens(zh).length <= TOKENIZER.maxDocumentTokens)
    const word = 'a'.repeat(1_000_000)
    assert.deepEqual(documentTokens(word), ['a'.repeat(TOKENIZER.maxTokenLength)])
    const many = Array.from({ length: 10_000 }, (_, i) => i.toString(36)).join(' ') // over 4,000 words within maxInputLength
    assert.equal(documentTokens(many).length, TOKENIZER.maxDocumentTokens, 'the first maxDocumentTokens distinct words')
  })
})
