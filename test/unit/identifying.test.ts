/**
 * The composer's identifying-details check (web/src/talk/identifying.ts): what it should catch in
 * English and Chinese, and the everyday words it must leave alone. Chinese runs twice: with ICU's
 * word segmenter (what Node 20 and browsers have) and with the stop-list fallback.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { findDetails, findIdentifyingDetails, type DetailKind } from '../../web/src/talk/identifying.js'
import { findChineseNames } from '../../web/src/talk/zh-names.js'

const SEGMENTERS = [
  ['with Intl.Segmenter', undefined],
  ['without a segmenter', null],
] as const

const examplesOf = (text: string, kind: DetailKind, segmenter?: null) => findDetails(text, segmenter).find((f) => f.kind === kind)?.examples ?? []
const kindsOf = (text: string, segmenter?: null) => findDetails(text, segmenter).map((f) => f.kind)

describe('identifying details: what was caught before', () => {
  it('finds e-mails, phones, days, teams and English names', () => {
    const found = findIdentifyingDetails('Ask Jane Porter', 'Mail jane@example.com or call +1 (555) 123-4567 before March 3rd; Team Falcon knows.')
    assert.deepEqual(found.map((f) => f.kind), ['email', 'phone', 'date', 'team', 'name'])
    assert.deepEqual(examplesOf('Write to me at someone@northwind-labs.example', 'email'), ['someone@northwind-labs.example'])
    assert.deepEqual(examplesOf('联系我：zhang.wei@example.com，谢谢', 'email'), ['zhang.wei@example.com'])
  })

  it('lists at most three examples of a kind, each once', () => {
    assert.deepEqual(examplesOf('Ann Lee, Bob Ray, Ann Lee, Cid Moe, Dan Fox', 'name'), ['Ann Lee', 'Bob Ray', 'Cid Moe'])
  })
})

describe('identifying details: Chinese names', () => {
  for (const [how, segmenter] of SEGMENTERS) {
    it(`finds a surname with a given name or a title (${how})`, () => {
      assert.deepEqual(examplesOf('我跟张伟说了', 'name', segmenter), ['张伟'])
      assert.deepEqual(examplesOf('欧阳娜娜今天来了', 'name', segmenter), ['欧阳娜娜'])
      assert.deepEqual(examplesOf('王总说周末加班', 'name', segmenter), ['王总'])
      assert.deepEqual(examplesOf('李经理和刘老师都同意', 'name', segmenter), ['李经理', '刘老师'])
      assert.deepEqual(examplesOf('陈工在吗', 'name', segmenter), ['陈工'])
      assert.deepEqual(examplesOf('同事小刘也走了', 'name', segmenter), ['小刘'])
      assert.deepEqual(examplesOf('张伟和李娜是一个组的', 'name', segmenter), ['张伟', '李娜'])
    })

    it(`leaves words that start with a surname character alone (${how})`, () => {
      for (const text of ['他高兴地说', '方便的时候回我一下', '周末加班没有加班费', '白天很忙', '金额不对', '同事们都很累', '一张纸都没有', '这周的周报还没写', '马上就好', '任何人都不能加薪', '去郑州出差'])
        assert.deepEqual(kindsOf(text, segmenter), [], text)
    })
  }

  it('with a segmenter, also knows words the stop list lacks (熊孩子, 戴口罩, 工资) and names right after other words', () => {
    for (const text of ['熊孩子太吵了', '戴口罩上班', '高工资不一定开心']) assert.deepEqual(kindsOf(text), [], text)
    assert.deepEqual(examplesOf('项目经理王磊很好', 'name'), ['王磊'])
    assert.deepEqual(examplesOf('老张今天没来', 'name'), ['老张'])
  })

  it('reports a name once, not the surname inside it ("蔡徐坤" has 徐)', () => {
    assert.deepEqual(findChineseNames('蔡徐坤').map((h) => h.text), ['蔡徐坤'])
  })
})

describe('identifying details: places', () => {
  it('finds a Chinese city or district next to a workplace, and numbered buildings', () => {
    for (const text of ['深圳的研发中心', '北京总部', '杭州办公室', '上海分公司', '3号楼', 'B座', '昌平区的工厂'])
      assert.deepEqual(examplesOf(`我在${text}上班`, 'place'), [text], text)
  })

  it('finds English sites, buildings and floors', () => {
    assert.deepEqual(examplesOf('Everyone at the Austin office knows', 'place'), ['Austin office'])
    assert.deepEqual(examplesOf('Building 4, 3rd floor', 'place'), ['Building 4', '3rd floor'])
    assert.deepEqual(examplesOf('up on the third floor', 'place'), ['third floor'])
  })

  it('does not take the office itself, a kind of office or a city alone for a place', () => {
    for (const text of ['the office', 'The office is cold', 'Head Office said no', 'the building a few streets away', '北京的房价太高了'])
      assert.deepEqual(kindsOf(text), [], text)
  })

  it('does not call the city inside a place a person ("New York office", "张江园区")', () => {
    assert.deepEqual(kindsOf('Our New York office is closing'), ['place'])
    assert.deepEqual(examplesOf('Our New York office is closing', 'place'), ['New York office'])
    assert.deepEqual(kindsOf('张江园区'), ['place'])
  })
})

describe('identifying details: dates', () => {
  it('finds Chinese year-month and month-day phrases', () => {
    assert.deepEqual(examplesOf('2021年3月入职', 'date'), ['2021年3月'])
    assert.deepEqual(examplesOf('去年3月来的', 'date'), ['去年3月'])
    assert.deepEqual(examplesOf('2021年3月15日那天', 'date'), ['2021年3月15日'])
    assert.deepEqual(examplesOf('去年三月入职', 'date'), ['去年三月'])
    assert.deepEqual(examplesOf('上个月15号', 'date'), ['上个月15号'])
  })

  it('finds English month-year and quarter-year phrases', () => {
    assert.deepEqual(examplesOf('I joined in March 2021', 'date'), ['March 2021'])
    assert.deepEqual(examplesOf('here since May 2019', 'date'), ['May 2019'])
    assert.deepEqual(examplesOf('the reorg in Q3 2023', 'date'), ['Q3 2023'])
    assert.deepEqual(examplesOf('on March 15, 2021', 'date'), ['March 15, 2021'])
  })

  it('takes neither a month word nor a year alone for a date', () => {
    for (const text of ['May I ask something?', 'March on, everyone', 'I joined in 2021', '2021年的事了', '三月份很忙']) assert.deepEqual(kindsOf(text), [], text)
  })
})

describe('identifying details: effort', () => {
  it('stays quick on a long post without spaces', () => {
    const long = '我跟张伟说了，他高兴地说方便的时候去深圳的研发中心。'.repeat(2000)
    const started = performance.now()
    const found = findIdentifyingDetails(long)
    assert.ok(performance.now() - started < 2000, 'took too long')
    assert.deepEqual(found.map((f) => f.kind), ['place', 'name'])
  })
})
