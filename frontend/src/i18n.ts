import { createI18n } from 'vue-i18n'
import zhCN from './langs/zh-CN.json'
import en from './langs/en.json'
import type { UIError } from './api/types'

export type Lang = 'zh-CN' | 'en'

export const i18n = createI18n({
  legacy: false,
  locale: 'zh-CN',
  fallbackLocale: 'en',
  messages: { 'zh-CN': zhCN, en },
  missingWarn: false,
  fallbackWarn: false,
})

export function setLocale(lang: string) {
  const l: Lang = lang === 'en' ? 'en' : 'zh-CN'
  i18n.global.locale.value = l
  document.documentElement.lang = l
}

// errorSentence turns a failed call into a sentence in the current
// language: the error's own key when it has one, else its code's.
export function errorSentence(e: UIError): string {
  const t = i18n.global.t
  const te = i18n.global.te
  const params = { ...(e.params ?? {}) }
  if (params.field && te(`field.${params.field.replace(/\[\d+\]$/, '')}`)) {
    params.field = t(`field.${params.field.replace(/\[\d+\]$/, '')}`)
  }
  if (e.key && te(e.key)) return t(e.key, params)
  if (te(`code.${e.code}`)) return t(`code.${e.code}`)
  return t('code.internal')
}
