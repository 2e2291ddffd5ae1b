import { expect, type Page } from '@playwright/test'

/** Opens case `number` from the 综合受理 queue (the clerk is signed in). */
export async function openAtIntake(page: Page, number: string) {
  await page.goto('/intake')
  await page.getByRole('link', { name: number }).click()
  await expect(page.getByTestId('case-state')).toHaveText('已提交')
}

/** 受理 case `number` at intake. */
export async function acceptAtIntake(page: Page, number: string) {
  await openAtIntake(page, number)
  await page.getByTestId('accept').click()
  await page.getByRole('dialog').getByRole('button', { name: '确定' }).click()
  await expect(page.getByText('已受理').first()).toBeVisible()
  await expect(page).toHaveURL(/\/intake$/)
}

/** 一次性告知补正 of case `number` with the given items. */
export async function requestCorrection(page: Page, number: string, items: { item: string; requirement: string }[]) {
  await openAtIntake(page, number)
  await page.getByTestId('correction').click()
  for (let i = 0; i < items.length; i++) {
    if (i > 0) await page.getByTestId('add-row').click()
    await page.getByLabel(`补正事项 ${i + 1}`).fill(items[i].item)
    await page.getByLabel(`补正要求 ${i + 1}`).fill(items[i].requirement)
  }
  await page.getByTestId('correction-ok').click()
  await page.getByRole('dialog', { name: '请确认' }).getByRole('button', { name: '确定' }).click()
  await expect(page).toHaveURL(/\/intake$/)
}

/** Opens the task `step` of case `number` from 待办. */
export async function openTask(page: Page, number: string, step: string) {
  await page.goto('/todo')
  await page.getByTestId('task-table').getByRole('row').filter({ hasText: number }).filter({ hasText: step }).getByRole('link').click()
  await expect(page.getByRole('heading', { level: 1 })).toContainText(step)
}

/** 签收 (when unclaimed), fills the step's form fields by label, then 办理 with an opinion. */
export async function completeTask(page: Page, number: string, step: string, fields: Record<string, string> = {}, opinion = '同意') {
  await openTask(page, number, step)
  const claim = page.getByTestId('claim')
  if (await claim.isVisible()) {
    await claim.click()
    await expect(page.getByTestId('complete')).toBeVisible()
  }
  // Fields by label, or by placeholder (form-js date inputs carry no label of their own).
  for (const [label, value] of Object.entries(fields)) {
    const input = page.getByLabel(label).or(page.getByPlaceholder(label)).first()
    await input.fill(value)
    await input.press('Tab')
  }
  await page.getByTestId('opinion').fill(opinion)
  await page.getByTestId('complete').click()
  await page.getByRole('dialog').getByRole('button', { name: '确定' }).click()
  await expect(page).toHaveURL(/\/todo$/)
}

/** 转办 task `step` of case `number` to user `toUser`. */
export async function transferTask(page: Page, number: string, step: string, toUser: string) {
  await openTask(page, number, step)
  const claim = page.getByTestId('claim')
  if (await claim.isVisible()) await claim.click()
  await page.getByTestId('transfer').click()
  await page.getByLabel('用户名').fill(toUser)
  await page.getByTestId('dialog-ok').click()
  await page.getByRole('dialog', { name: '请确认' }).getByRole('button', { name: '确定' }).click()
  await expect(page).toHaveURL(/\/todo$/)
}

/** 出件 of a decided case from its case view. */
export async function deliver(page: Page, caseId: string) {
  await page.goto(`/cases/${caseId}`)
  await page.getByTestId('deliver').click()
  await page.getByRole('dialog').getByRole('button', { name: '确定' }).click()
  await expect(page.getByTestId('case-state')).toHaveText('已出件')
}
