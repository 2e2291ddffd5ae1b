import { expect, type Locator, type Page } from '@playwright/test'

/** The auditor finds a case by its 办件编号 in 办件追溯 and opens its history. */
export async function traceCase(page: Page, number: string) {
  await page.getByRole('menuitem', { name: '办件追溯' }).click()
  await page.getByLabel('办件编号').fill(number)
  await page.getByTestId('trace-search').click()
  const row = page.getByTestId('trace-results').getByRole('link', { name: number })
  await expect(row).toBeVisible()
  await row.click()
  await expect(page.getByTestId('chain-check')).toBeVisible()
}

/** Picks one option of the multi-select in `item` (an el-form-item), then closes its list. */
async function choose(page: Page, item: Locator, option: string) {
  await item.locator('.el-select__wrapper').click()
  await page.getByRole('option', { name: option, exact: true }).click()
  await page.getByRole('dialog').getByRole('heading').click()
  await expect(page.getByRole('option', { name: option, exact: true })).toBeHidden()
}

/** The administrator creates an account through 用户管理. */
export async function createUser(
  page: Page,
  user: { userName: string; displayName: string; password: string; role: string; department?: string },
) {
  await page.getByRole('menuitem', { name: '用户管理' }).click()
  await page.getByTestId('user-create').click()
  const dialog = page.getByRole('dialog', { name: '新建用户' })
  await dialog.getByLabel('用户名').fill(user.userName)
  await dialog.getByLabel('显示名称').fill(user.displayName)
  await dialog.getByLabel('密码').fill(user.password)
  await choose(page, dialog.locator('.el-form-item', { hasText: '角色' }), user.role)
  if (user.department) await choose(page, dialog.locator('.el-form-item', { hasText: '部门' }), user.department)
  await dialog.getByTestId('user-save').click()
  await expect(dialog).toBeHidden()
  await expect(page.getByTestId('users').getByRole('row', { name: new RegExp(user.userName) })).toBeVisible()
}
