import { createI18n } from 'vue-i18n'
import common from './common'
import applicant from '@/features/applicant/messages'
import clerk from '@/features/clerk/messages'
import approver from '@/features/approver/messages'
import auditor from '@/features/auditor/messages'
import admin from '@/features/admin/messages'
import designer from '@/features/designer/messages'

/** The languages the UI speaks; Chinese first. */
export const locales = ['zh-CN', 'en'] as const
export type Locale = (typeof locales)[number]

/** Each feature keeps its own messages under its own name (`applicant.guide.title`), in both languages. */
export interface FeatureMessages {
  'zh-CN': Record<string, unknown>
  en: Record<string, unknown>
}

const features: Record<string, FeatureMessages> = { applicant, clerk, approver, auditor, admin, designer }

function messagesOf(locale: Locale) {
  const merged: Record<string, unknown> = { ...common[locale] }
  for (const [name, m] of Object.entries(features)) merged[name] = m[locale]
  return merged
}

const stored = localStorage.getItem('onething.locale')
type Messages = ReturnType<typeof messagesOf>
export const i18n = createI18n<[Messages], Locale, false>({
  legacy: false,
  locale: stored === 'en' ? 'en' : 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': messagesOf('zh-CN'), en: messagesOf('en') },
})

export function setLocale(locale: Locale) {
  i18n.global.locale.value = locale
  localStorage.setItem('onething.locale', locale)
  document.documentElement.lang = locale
}
