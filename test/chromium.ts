/**
 * How every test and benchmark here launches Debian's Chromium: never a downloaded browser, and
 * without the networking flags it tries to reach the internet and stalls on this machine.
 */
export const chromiumLaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};
