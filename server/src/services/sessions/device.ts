import type { DeviceBrowser, DeviceSystem } from '../../../../shared/src/api/account.js'

export interface DeviceLabel {
  browser: DeviceBrowser
  os: DeviceSystem
}

/**
 * A coarse label ("Chrome on Linux") from a User-Agent, for the member's list of signed-in
 * devices. Families only, never versions: the label is written once at sign-in and is meant to
 * help a member recognise a device, not to fingerprint it. Order matters: Edge, Opera and
 * Samsung Internet also say "Chrome", Chrome also says "Safari", Android also says "Linux".
 */
export function deviceLabel(userAgent: string | undefined): DeviceLabel {
  const ua = (userAgent ?? '').slice(0, 512)
  const browser: DeviceBrowser = /\bEdg(e|A|iOS)?\//.test(ua)
    ? 'edge'
    : /\b(OPR|Opera)\//.test(ua)
      ? 'opera'
      : /\bSamsungBrowser\//.test(ua)
        ? 'samsung'
        : /\b(Firefox|FxiOS)\//.test(ua)
          ? 'firefox'
          : /\b(HeadlessChrome|Chrome|Chromium|CriOS)\//.test(ua)
            ? 'chrome'
            : /\bVersion\/[\d.]+.*\bSafari\//.test(ua)
              ? 'safari'
              : 'other'
  const os: DeviceSystem = /\b(iPhone|iPad|iPod)\b/.test(ua)
    ? 'ios'
    : /\bAndroid\b/.test(ua)
      ? 'android'
      : /\bCrOS\b/.test(ua)
        ? 'cros'
        : /\bWindows\b/.test(ua)
          ? 'windows'
          : /\bMac OS X\b|\bMacintosh\b/.test(ua)
            ? 'macos'
            : /\bLinux\b|\bX11\b/.test(ua)
              ? 'linux'
              : 'other'
  return { browser, os }
}
