import { Route, Routes } from 'react-router-dom'
import { Layout } from './components/Layout.js'
import { RequireAuth } from './components/RequireAuth.js'
import Companies from './pages/Companies.js'
import CompanyPage from './pages/CompanyPage.js'
import ComingSoon from './pages/ComingSoon.js'
import Home from './pages/Home.js'
import NotFound from './pages/NotFound.js'
import ProfileEdit from './pages/ProfileEdit.js'
import ProfileView from './pages/ProfileView.js'
import Reviews from './pages/Reviews.js'
import Settings from './pages/Settings.js'
import SignIn from './pages/SignIn.js'
import SignUp from './pages/SignUp.js'
import Verify from './pages/Verify.js'
import TalkAbout from './pages/talk/TalkAbout.js'
import TalkHome from './pages/talk/TalkHome.js'
import TalkNew from './pages/talk/TalkNew.js'
import TalkThread from './pages/talk/TalkThread.js'

export function App() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<Home />} />
        <Route path="signup" element={<SignUp />} />
        <Route path="signin" element={<SignIn />} />
        {/* Members-only on the server: a 401 there sends the visitor to /signin?next=… */}
        <Route path="in/:handle" element={<ProfileView />} />
        <Route path="me/edit" element={<RequireAuth><ProfileEdit /></RequireAuth>} />
        <Route path="settings" element={<RequireAuth><Settings /></RequireAuth>} />
        <Route path="talk" element={<RequireAuth><TalkHome /></RequireAuth>} />
        <Route path="talk/new" element={<RequireAuth><TalkNew /></RequireAuth>} />
        <Route path="talk/t/:id" element={<RequireAuth><TalkThread /></RequireAuth>} />
        <Route path="talk/about" element={<TalkAbout />} />
        <Route path="network" element={<ComingSoon section="network" />} />
        <Route path="messages" element={<ComingSoon section="messages" />} />
        <Route path="jobs" element={<ComingSoon section="jobs" />} />
        <Route path="verify" element={<RequireAuth><Verify /></RequireAuth>} />
        <Route path="companies" element={<RequireAuth><Companies /></RequireAuth>} />
        <Route path="companies/:slug" element={<RequireAuth><CompanyPage /></RequireAuth>} />
        <Route path="reviews" element={<RequireAuth><Reviews /></RequireAuth>} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  )
}
