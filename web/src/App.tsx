import { Route, Routes } from 'react-router-dom'
import { Layout } from './components/Layout.js'
import { RequireAuth } from './components/RequireAuth.js'
import ComingSoon from './pages/ComingSoon.js'
import Home from './pages/Home.js'
import NotFound from './pages/NotFound.js'
import ProfileEdit from './pages/ProfileEdit.js'
import ProfileView from './pages/ProfileView.js'
import Settings from './pages/Settings.js'
import SignIn from './pages/SignIn.js'
import SignUp from './pages/SignUp.js'

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
        <Route path="talk" element={<ComingSoon section="talk" />} />
        <Route path="network" element={<ComingSoon section="network" />} />
        <Route path="messages" element={<ComingSoon section="messages" />} />
        <Route path="jobs" element={<ComingSoon section="jobs" />} />
        <Route path="companies" element={<ComingSoon section="companies" />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  )
}
