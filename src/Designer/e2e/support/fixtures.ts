import { test as base, expect, type Page } from '@playwright/test'
import AxeBuilder from '@axe-core/playwright'
import { mkdirSync } from 'node:fs'

/** The demo accounts' password (README); demo mode only. */
export const demoPassword = 'OneThing#2026'

/** Screenshots of the journeys, kept as test artifacts (and picked for docs/user-guide). */
export const artifacts = 'e2e/artifacts'
mkdirSync(artifacts, { recursive: true })

interface Fixtures {
  /** Console errors and failed page scripts collected while the test ran; the test fails if any. */
  consoleErrors: string[]
}

/** `test` with the checks every journey gets: no console error on any page it visits. */
export const test = base.extend<Fixtures>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = []
      page.on('console', (m) => {
        // A refusal the UI shows (409, 422 …) is logged by the browser itself; answers of 500 and up are not expected.
        const refusal = /Failed to load resource: the server responded with a status of 4\d\d/.test(m.text())
        if (m.type() === 'error' && !refusal) errors.push(m.text())
      })
      page.on('pageerror', (e) => errors.push(e.message))
      await use(errors)
      expect(errors, 'console errors').toEqual([])
    },
    { auto: true },
  ],
})
export { expect }

/** Signs in through the sign-in page as a person would, in a fresh page state. */
export async function signIn(page: Page, userName: string, password = demoPassword) {
  await page.context().clearCookies()
  await page.goto('/sign-in')
  await page.getByLabel('用户名').fill(userName)
  await page.getByLabel('密码').fill(password)
  await page.getByRole('button', { name: '登录' }).click()
  await expect(page.getByTestId('sign-out')).toBeVisible()
}

/** No serious or critical axe violation on the page as it is now. */
export async function checkAccessibility(page: Page) {
  const result = await new AxeBuilder({ page }).analyze()
  const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([])
}

/** A screenshot under e2e/artifacts. */
export async function snap(page: Page, name: string) {
  await page.screenshot({ path: `${artifacts}/${name}.png`, fullPage: true })
}

/** The page does not scroll sideways (the phone-width layout check). */
export async function expectNoHorizontalScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  expect(overflow, 'horizontal overflow in px').toBeLessThanOrEqual(0)
}
