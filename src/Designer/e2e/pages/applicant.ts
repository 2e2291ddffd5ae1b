import { expect, type Page } from '@playwright/test'
import { checkAccessibility, snap } from '../support/fixtures'

/** The applicant (signed in) answers a 补正 of case `caseId` in 我的办件: checks the clerk's items are listed, edits
 * the given form fields (by label) in place, and resubmits from the application's last step. */
export async function answerCorrection(page: Page, caseId: string, items: string[], fields: Record<string, string>) {
  await page.goto(`/mine/${caseId}`)
  await expect(page.getByTestId('case-state')).toHaveText('补正')
  const checklist = page.getByTestId('correction')
  for (const item of items) await expect(checklist).toContainText(item)
  await expect(page.getByTestId('resubmit')).toBeDisabled()
  await checkAccessibility(page)
  await snap(page, 'applicant-correction')

  await page.getByTestId('correction-edit').click()
  for (const [label, value] of Object.entries(fields)) await page.getByLabel(label).fill(value)
  await page.getByTestId('step2-next').click()
  await page.getByTestId('step3-next').click()
  await page.getByTestId('submit').click()
  await expect(page).toHaveURL(new RegExp(`/mine/${caseId}$`))
  await expect(page.getByTestId('case-state')).toHaveText('已提交')
}

/** The applicant (signed in) rates delivered case `caseId` with `stars` and a comment; the form is then gone. */
export async function rateCase(page: Page, caseId: string, stars: number, comment: string) {
  await page.goto(`/mine/${caseId}`)
  await expect(page.getByTestId('case-state')).toHaveText('已出件')
  const form = page.getByTestId('rating')
  await form.locator('.el-rate__item').nth(stars - 1).click()
  await form.getByLabel('评价内容').fill(comment)
  await form.getByTestId('rate-submit').click()
  await expect(page.getByText(`您的评价：${stars} 星`)).toBeVisible()
  await expect(form).toHaveCount(0)
  await snap(page, 'applicant-rated')
}
