import { ZxcvbnFactory } from '@zxcvbn-ts/core'
import * as common from '@zxcvbn-ts/language-common'

let factory: ZxcvbnFactory | null = null

// estimate returns zxcvbn's score, 0 (guessable) to 4 (very strong).
export async function estimate(p: string): Promise<number> {
  if (!factory) {
    factory = new ZxcvbnFactory({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs })
  }
  return factory.check(p).score
}
