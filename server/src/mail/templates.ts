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

/** One line of a digest: what happened, in words, and where to see it. */
export interface DigestItem {
  kind: string
  actorName: string | null
  company: string | null
  approved: boolean | null
  url: string
}

function digestLine(lang: Language, i: DigestItem): string {
  const who = i.actorName ?? (lang === 'zh-CN' ? '一位成员' : 'A member')
  const zh: Record<string, string> = {
    invitation: `${who} 邀请你建立联系`,
    acceptance: `${who} 接受了你的联系邀请`,
    message: `${who} 给你发来了消息请求`,
    verification: i.approved ? `你在 ${i.company ?? ''} 的工牌验证已通过` : `你在 ${i.company ?? ''} 的工牌验证未通过`,
    like: `${who} 赞了你的动态`,
    comment: `${who} 评论了你的动态`,
    mention: `${who} 在动态中提到了你`,
    application: `${who} 申请了你发布的职位`,
    application_status: `你在 ${i.company ?? ''} 的申请状态有更新`,
    job_alert: '有新职位符合你的职位提醒',
  }
  const en: Record<string, string> = {
    invitation: `${who} invited you to connect`,
    acceptance: `${who} accepted your invitation`,
    message: `${who} sent you a message request`,
    verification: i.approved ? `Your badge at ${i.company ?? ''} was approved` : `Your badge at ${i.company ?? ''} was not approved`,
    like: `${who} liked your post`,
    comment: `${who} commented on your post`,
    mention: `${who} mentioned you in a post`,
    application: `${who} applied to one of your jobs`,
    application_status: `Your application at ${i.company ?? ''} has a new status`,
    job_alert: 'New jobs match your alert',
  }
  return (lang === 'zh-CN' ? zh : en)[i.kind] ?? (lang === 'zh-CN' ? '新通知' : 'A new notification')
}

/**
 * The daily digest: a short list of unread notifications (at most `items.length`, then how many
 * more), links into the app, and how to stop these mails. Nothing in it is about Work Talk — no
 * notification kind is.
 */
export function digestMail(lang: Language, items: DigestItem[], more: number, urls: { notifications: string; settings: string; unsubscribe: string }): Rendered {
  const zh = lang === 'zh-CN'
  const lines = items.map((i) => ({ text: digestLine(lang, i), url: i.url }))
  const intro = zh ? '你在 Watercooler 有未读通知：' : 'You have unread notifications on Watercooler:'
  const moreLine = more > 0 ? (zh ? `还有 ${more} 条，请在应用中查看。` : `And ${more} more in the app.`) : null
  const all = zh ? `查看全部通知：${urls.notifications}` : `See all notifications: ${urls.notifications}`
  const footer = zh
    ? `你收到这封邮件是因为你在设置中选择了邮件通知。更改：${urls.settings}；退订：${urls.unsubscribe}`
    : `You get this mail because of your e-mail notification settings. Change them: ${urls.settings} — unsubscribe: ${urls.unsubscribe}`
  const text = [intro, lines.map((l) => `- ${l.text}\n  ${l.url}`).join('\n'), ...(moreLine ? [moreLine] : []), all, footer].join('\n\n') + '\n'
  const list = `<ul style="margin:0 0 16px;padding-left:20px">${lines.map((l) => `<li style="margin:0 0 8px"><a href="${esc(l.url)}">${esc(l.text)}</a></li>`).join('')}</ul>`
  const html = page([intro, ...(moreLine ? [moreLine] : []), all, footer]).replace('</p>', `</p>${list}`)
  const count = items.length + more
  return { subject: zh ? `Watercooler：${count} 条未读通知` : `Watercooler: ${count} unread notification${count === 1 ? '' : 's'}`, text, html }
}

/** A job alert's news: the new jobs that match, and where to change the alert. */
export function jobAlertMail(lang: Language, jobs: { title: string; company: string; location: string; url: string }[], alertsUrl: string): Rendered {
  const zh = lang === 'zh-CN'
  const intro = zh ? `有 ${jobs.length} 个新职位符合你的职位提醒：` : `${jobs.length === 1 ? 'A new job matches' : `${jobs.length} new jobs match`} your job alert:`
  const items = jobs.map((j) => `${j.title} · ${j.company} · ${j.location}`)
  const footer = zh ? `管理职位提醒：${alertsUrl}` : `Manage your job alerts: ${alertsUrl}`
  const text = [intro, jobs.map((j, i) => `- ${items[i]}\n  ${j.url}`).join('\n'), footer].join('\n\n') + '\n'
  const list = `<ul style="margin:0 0 16px;padding-left:20px">${jobs.map((j, i) => `<li style="margin:0 0 8px"><a href="${esc(j.url)}">${esc(items[i]!)}</a></li>`).join('')}</ul>`
  return { subject: zh ? '新职位提醒' : 'New jobs for your alert', text, html: page([intro, footer]).replace('</p>', `</p>${list}`) }
}
