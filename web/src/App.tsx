import { lazy } from 'react'
import { Route, Routes } from 'react-router-dom'
import { Layout } from './components/Layout.js'
import { RequireAuth } from './components/RequireAuth.js'
import Home from './pages/Home.js'
import NotFound from './pages/NotFound.js'
import ProfileView from './pages/ProfileView.js'
import SignIn from './pages/SignIn.js'
import SignUp from './pages/SignUp.js'
import { TalkLocalAccount } from './talk/local/TalkLocalAccount.js'

// Pages most visits never open load on demand, keeping the first download small.
const Companies = lazy(() => import('./pages/Companies.js'))
const CompanyPage = lazy(() => import('./pages/CompanyPage.js'))
const ProfileEdit = lazy(() => import('./pages/ProfileEdit.js'))
const Reviews = lazy(() => import('./pages/Reviews.js'))
const Search = lazy(() => import('./pages/Search.js'))
const Activity = lazy(() => import('./pages/Activity.js'))
const FeedPostPage = lazy(() => import('./pages/FeedPostPage.js'))
const Network = lazy(() => import('./pages/Network.js'))
const Settings = lazy(() => import('./pages/Settings.js'))
const Unsubscribe = lazy(() => import('./pages/Unsubscribe.js'))
const Verify = lazy(() => import('./pages/Verify.js'))
const ForgotPassword = lazy(() => import('./pages/ForgotPassword.js'))
const ResetPassword = lazy(() => import('./pages/ResetPassword.js'))
const Welcome = lazy(() => import('./pages/Welcome.js'))
const Messages = lazy(() => import('./pages/Messages.js'))
const Notifications = lazy(() => import('./pages/Notifications.js'))
const Jobs = lazy(() => import('./pages/jobs/Jobs.js'))
const JobPage = lazy(() => import('./pages/jobs/JobPage.js'))
const JobNew = lazy(() => import('./pages/jobs/JobNew.js'))
const MyApplications = lazy(() => import('./pages/jobs/MyApplications.js'))
const JobsInbox = lazy(() => import('./pages/jobs/JobsInbox.js'))
const SavedJobs = lazy(() => import('./pages/jobs/SavedJobs.js'))
const JobAlerts = lazy(() => import('./pages/jobs/JobAlerts.js'))
const TalkAbout = lazy(() => import('./pages/talk/TalkAbout.js'))
const TalkChannels = lazy(() => import('./pages/talk/TalkChannels.js'))
const TalkHome = lazy(() => import('./pages/talk/TalkHome.js'))
const TalkNew = lazy(() => import('./pages/talk/TalkNew.js'))
const TalkThread = lazy(() => import('./pages/talk/TalkThread.js'))
const TalkPending = lazy(() => import('./pages/talk/TalkPending.js'))
const ModerationQueue = lazy(() => import('./pages/moderation/ModerationQueue.js'))
const ModerationLog = lazy(() => import('./pages/moderation/ModerationLog.js'))
const Transparency = lazy(() => import('./pages/moderation/Transparency.js'))
const Takedown = lazy(() => import('./pages/moderation/Takedown.js'))

export function App() {
  return (
    <>
      <TalkLocalAccount />
      <Routes>
        <Route element={<Layout />}>
          <Route index element={<Home />} />
          <Route path="signup" element={<SignUp />} />
          <Route path="signin" element={<SignIn />} />
          <Route path="forgot-password" element={<ForgotPassword />} />
          <Route path="reset-password" element={<ResetPassword />} />
          <Route path="unsubscribe" element={<Unsubscribe />} />
          <Route path="welcome" element={<RequireAuth><Welcome /></RequireAuth>} />
          {/* Members-only on the server: a 401 there sends the visitor to /signin?next=… */}
          <Route path="in/:handle" element={<ProfileView />} />
          <Route path="in/:handle/activity" element={<RequireAuth><Activity /></RequireAuth>} />
          <Route path="posts/:id" element={<RequireAuth><FeedPostPage /></RequireAuth>} />
          <Route path="me/edit" element={<RequireAuth><ProfileEdit /></RequireAuth>} />
          <Route path="settings" element={<RequireAuth><Settings /></RequireAuth>} />
          {/* Open to everyone: signed out or unverified, the public hot threads and the way in (TalkPublic). */}
          <Route path="talk" element={<TalkHome />} />
          <Route path="talk/new" element={<RequireAuth><TalkNew /></RequireAuth>} />
          <Route path="talk/t/:id" element={<RequireAuth><TalkThread /></RequireAuth>} />
          <Route path="talk/pending/:id" element={<RequireAuth><TalkPending /></RequireAuth>} />
          <Route path="talk/about" element={<TalkAbout />} />
          <Route path="talk/channels" element={<RequireAuth><TalkChannels /></RequireAuth>} />
          <Route path="network" element={<RequireAuth><Network /></RequireAuth>} />
          <Route path="messages" element={<RequireAuth><Messages /></RequireAuth>} />
          <Route path="messages/:id" element={<RequireAuth><Messages /></RequireAuth>} />
          <Route path="notifications" element={<RequireAuth><Notifications /></RequireAuth>} />
          <Route path="jobs" element={<RequireAuth><Jobs /></RequireAuth>} />
          <Route path="jobs/new" element={<RequireAuth><JobNew /></RequireAuth>} />
          <Route path="jobs/applications" element={<RequireAuth><MyApplications /></RequireAuth>} />
          <Route path="jobs/inbox" element={<RequireAuth><JobsInbox /></RequireAuth>} />
          <Route path="jobs/saved" element={<RequireAuth><SavedJobs /></RequireAuth>} />
          <Route path="jobs/alerts" element={<RequireAuth><JobAlerts /></RequireAuth>} />
          <Route path="jobs/:id" element={<RequireAuth><JobPage /></RequireAuth>} />
          <Route path="verify" element={<RequireAuth><Verify /></RequireAuth>} />
          <Route path="companies" element={<RequireAuth><Companies /></RequireAuth>} />
          <Route path="companies/:slug" element={<RequireAuth><CompanyPage /></RequireAuth>} />
          <Route path="reviews" element={<RequireAuth><Reviews /></RequireAuth>} />
          <Route path="search" element={<RequireAuth><Search /></RequireAuth>} />
          <Route path="moderation" element={<RequireAuth><ModerationQueue /></RequireAuth>} />
          {/* Public, no account: the log (verified in the browser), the numbers and the takedown form. */}
          <Route path="moderation/log" element={<ModerationLog />} />
          <Route path="transparency" element={<Transparency />} />
          <Route path="takedown" element={<Takedown />} />
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </>
  )
}
