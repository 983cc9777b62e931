import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { BrowserRouter } from 'react-router-dom'
import { i18nReady } from './i18n/index.js'
import './styles.css'
import './styles-verification.css'
import './styles-companies.css'
import './styles-talk.css'
import './styles-account.css'
import './styles-search.css'
import './styles-network.css'
import './styles-feed.css'
import './styles-messages.css'
import './styles-digest.css'
import './styles-jobs.css'
import { App } from './App.js'
import { SessionProvider } from './session/SessionProvider.js'
import { TalkProvider } from './talk/TalkProvider.js'

const root = document.getElementById('root')
if (!root) throw new Error('#root is missing from index.html')

// The first render waits for the current language's texts (fetched on demand), so no untranslated
// key ever shows; the promise settles even when the fetch fails (then render anyway). A `.then`
// rather than a top-level await: that would make Vite split the entry's shared modules into many
// more small chunks, lest the lazy pages importing them wait on this module.
void i18nReady.then(() =>
  createRoot(root).render(
    <StrictMode>
      <BrowserRouter>
        <SessionProvider>
          <TalkProvider>
            <App />
          </TalkProvider>
        </SessionProvider>
      </BrowserRouter>
    </StrictMode>,
  ),
)
