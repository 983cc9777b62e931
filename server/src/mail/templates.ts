import type { Language } from '../../../shared/src/api/accounts.js'

/** Mail texts in the account's language; every template gives text and HTML. */
interface Rendered {
  subject: string
  text: string
  html: string
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

function page(paragraphs: string[], code?: string): string {
  const body = paragraphs.map((p) => `<p style="margin:0 0 16px">${esc(p)}</p>`).join('')
  const codeBlock = code
    ? `<p style="font-size:28px;letter-spacing:6px;font-weight:bold;margin:8px 0 24px;font-family:monospace">${esc(code)}</p>`
    : ''
  return `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#1f2937;max-width:520px;margin:24px auto">${codeBlock ? body.replace('</p>', `</p>${codeBlock}`) : body}<p style="color:#6b7280;font-size:12px">Watercooler</p></body></html>`
}

export function verificationCodeMail(lang: Language, code: string, companyDomain: string): Rendered {
  if (lang === 'zh-CN') {
    const lines = [`你的 Watercooler 工作邮箱验证码：`, `验证码 30 分钟内有效，最多可尝试 5 次。它用于确认你在 ${companyDomain} 工作。`, '如果这不是你本人的操作，请忽略此邮件。我们不会保存这个邮箱地址的明文。']
    return { subject: `Watercooler 验证码：${code}`, text: `${lines[0]}\n\n    ${code}\n\n${lines.slice(1).join('\n\n')}\n`, html: page(lines, code) }
  }
  const lines = [
    'Your Watercooler work e-mail code:',
    `It is valid for 30 minutes and 5 tries, and confirms that you work at ${companyDomain}.`,
    'If you did not ask for it, ignore this message. Watercooler does not keep this address in the clear.',
  ]
  return { subject: `Your Watercooler code: ${code}`, text: `${lines[0]}\n\n    ${code}\n\n${lines.slice(1).join('\n\n')}\n`, html: page(lines, code) }
}

export function expiryReminderMail(lang: Language, companyName: string, expiresOn: string, url: string): Rendered {
  if (lang === 'zh-CN') {
    const lines = [`你在 ${companyName} 的在职验证将于 ${expiresOn} 到期。`, `到期后你会显示为“${companyName} 前员工”。如仍在职，请重新验证：${url}`]
    return { subject: `你在 ${companyName} 的验证即将到期`, text: lines.join('\n\n') + '\n', html: page(lines) }
  }
  const lines = [
    `Your verification at ${companyName} expires on ${expiresOn}.`,
    `After that you will show as a former employee of ${companyName}. If you still work there, verify again: ${url}`,
  ]
  return { subject: `Your verification at ${companyName} expires soon`, text: lines.join('\n\n') + '\n', html: page(lines) }
}

export function badgeDecisionMail(lang: Language, companyName: string, approved: boolean, reason: string | null): Rendered {
  if (lang === 'zh-CN') {
    const lines = approved
      ? [`你的工牌照片已通过审核：你已验证为 ${companyName} 员工。`, '照片已删除。']
      : [`你的 ${companyName} 工牌照片未通过审核。`, `原因：${reason ?? ''}`, '照片已删除。你可以重新提交。']
    return { subject: approved ? '工牌验证已通过' : '工牌验证未通过', text: lines.join('\n\n') + '\n', html: page(lines) }
  }
  const lines = approved
    ? [`Your badge photo was approved: you are verified at ${companyName}.`, 'The photo has been deleted.']
    : [`Your badge photo for ${companyName} was not approved.`, `Reason: ${reason ?? ''}`, 'The photo has been deleted. You can submit a new one.']
  return { subject: approved ? 'Badge verification approved' : 'Badge verification not approved', text: lines.join('\n\n') + '\n', html: page(lines) }
}

/** The password reset link (DESIGN §5b): single-use, 30 minutes. */
export function passwordResetMail(lang: Language, url: string): Rendered {
  const link = `<p style="margin:8px 0 24px"><a href="${esc(url)}" style="display:inline-block;background:#1f4fbf;color:#ffffff;padding:10px 18px;border-radius:6px;text-decoration:none">${lang === 'zh-CN' ? '设置新密码' : 'Set a new password'}</a></p><p style="margin:0 0 16px;font-size:12px;color:#6b7280;word-break:break-all">${esc(url)}</p>`
  const lines =
    lang === 'zh-CN'
      ? ['有人请求重置你的 Watercooler 密码。打开下面的链接设置新密码：', '链接 30 分钟内有效，只能使用一次。设置新密码后，你的所有设备都会退出登录。', '如果这不是你本人的操作，请忽略此邮件，你的密码不会改变。']
      : [
          'Someone asked to reset your Watercooler password. Open this link to set a new one:',
          'The link works once, for 30 minutes. Setting a new password signs you out on every device.',
          'If you did not ask for this, ignore this message: your password stays as it is.',
        ]
  const html = page(lines).replace('</p>', `</p>${link}`)
  return {
    subject: lang === 'zh-CN' ? '重置你的 Watercooler 密码' : 'Reset your Watercooler password',
    text: `${lines[0]}\n\n${url}\n\n${lines.slice(1).join('\n\n')}\n`,
    html,
  }
}
