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

/** `publicKey`: base64url Ed25519 public key, as posts carry it. */
export function aliasName(publicKey: string): string {
  const h = sha256(concatBytes(utf8ToBytes('watercooler/alias/'), fromBase64url(publicKey)))
  return `${ADJECTIVES[h[0]! % ADJECTIVES.length]} ${ANIMALS[h[1]! % ANIMALS.length]}`
}
