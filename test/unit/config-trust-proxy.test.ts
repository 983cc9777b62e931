import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ConfigError, envToConfig, readEnv } from '../../server/src/config.js'

describe('TRUST_PROXY', () => {
  it('is unset by default: no proxy is believed', () => {
    assert.deepEqual(envToConfig({}).trustProxy, [])
    assert.deepEqual(envToConfig(readEnv({ TRUST_PROXY: '' })).trustProxy, [], 'empty is unset, as for every variable')
  })

  it('reads addresses and CIDRs of both families, separated by commas', () => {
    assert.deepEqual(envToConfig(readEnv({ TRUST_PROXY: '127.0.0.1' })).trustProxy, ['127.0.0.1'])
    assert.deepEqual(envToConfig({ TRUST_PROXY: '10.0.0.0/8, 192.168.1.7 ,::1,fd00::/8,172.16.0.0/12,0.0.0.0/0' }).trustProxy, [
      '10.0.0.0/8',
      '192.168.1.7',
      '::1',
      'fd00::/8',
      '172.16.0.0/12',
      '0.0.0.0/0',
    ])
    assert.deepEqual(envToConfig({ TRUST_PROXY: '2001:db8::/128,10.1.2.3/32' }).trustProxy, ['2001:db8::/128', '10.1.2.3/32'])
  })

  const bad = [
    'true',
    '1',
    'loopback',
    'proxy.internal',
    '10.0.0.256',
    '10.0.0',
    '10.0.0.1/33',
    '::1/129',
    '10.0.0.0/-1',
    '10.0.0.0/',
    '10.0.0.0/8/8',
    '10.0.0.0/abc',
    '10.0.0.1,,10.0.0.2',
    '10.0.0.1,',
    '10.0.0.1 10.0.0.2',
    'http://10.0.0.1',
  ]
  for (const value of bad) {
    it(`stops at boot on ${JSON.stringify(value)}, naming TRUST_PROXY and the entry`, () => {
      assert.throws(
        () => envToConfig({ TRUST_PROXY: value }),
        (err: unknown) => err instanceof ConfigError && err.variable === 'TRUST_PROXY' && err.message.startsWith('TRUST_PROXY: "'),
      )
    })
  }
})
