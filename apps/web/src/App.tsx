import { QueryClientProvider } from "@tanstack/react-query";
import { useState } from "react";
import { createBrowserRouter, Route, RouterProvider, Routes } from "react-router";
import { createQueryClient } from "./api";
import { AppShell } from "./components/AppShell";
import { NotFoundPage } from "./components/NotFoundPage";
import { RouterErrorPage } from "./components/RouteErrorBoundary";
import { lazy } from "./components/retryable-lazy";
import { AuthProvider } from "./features/auth/AuthProvider";
import { LoginPage } from "./features/auth/LoginPage";
import { RequireAuth } from "./features/auth/RequireAuth";

// Each signed-in area is its own chunk: the login page must stay light, and later the editor and
// the canvas (hundreds of KB) must load only on the routes that show them.
// `lazy` is React.lazy that loads a chunk again after a failure (e.g. opened while offline).
const PortfolioPage = lazy(() => import("./features/portfolio/PortfolioPage"));
const WorkspacePage = lazy(() => import("./features/workspace/WorkspacePage"));
const DocumentPage = lazy(() => import("./features/workspace/DocumentPage"));
const AdminPage = lazy(() => import("./features/admin/AdminPage"));
const TerritoryAdminPage = lazy(() => import("./features/admin/territory/TerritoryAdminPage"));
const InboxPage = lazy(() => import("./features/inbox/InboxPage"));
const VersionPage = lazy(() => import("./features/versions/VersionPage"));
const DiffPage = lazy(() => import("./features/diff/DiffPage"));
const ReviewPage = lazy(() => import("./features/reviews/ReviewPage"));
const MeetingsPage = lazy(() => import("./features/meetings/MeetingsPage"));
const MeetingPage = lazy(() => import("./features/meetings/MeetingPage"));
const MeetingModePage = lazy(() => import("./features/meetings/MeetingModePage"));
const ProfilePage = lazy(() => import("./features/profile/ProfilePage"));

/**
 * The app's routes, as before, inside one catch-all route of a data router: a data router is what
 * lets a form ask before the person leaves it with unsaved changes (react-router's useBlocker),
 * and the routes themselves stay declared as elements. Errors that escape the shell's own
 * boundary (e.g. in the header) get the router's error page, which is the app's last resort.
 */
function AppRoutes() {
  return (
    <AuthProvider>
      <Routes>
        <Route element={<AppShell />}>
          <Route path="login" element={<LoginPage />} />
          <Route element={<RequireAuth />}>
            <Route index element={<PortfolioPage />} />
            <Route path="projects/:projectId" element={<WorkspacePage />} />
            <Route path="projects/:projectId/reviews/:reviewId" element={<ReviewPage />} />
            <Route path="documents/:documentId" element={<DocumentPage />} />
            <Route path="documents/:documentId/versions/:versionId" element={<VersionPage />} />
            <Route path="documents/:documentId/versions/:versionId/diff" element={<DiffPage />} />
            <Route path="admin" element={<AdminPage />} />
            <Route path="admin/territory" element={<TerritoryAdminPage />} />
            <Route path="profile" element={<ProfilePage />} />
            <Route path="inbox" element={<InboxPage />} />
            <Route path="meetings" element={<MeetingsPage />} />
            <Route path="meetings/:meetingId" element={<MeetingPage />} />
            <Route path="meetings/:meetingId/mode" element={<MeetingModePage />} />
          </Route>
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </AuthProvider>
  );
}

const router = createBrowserRouter([{ path: "*", element: <AppRoutes />, ErrorBoundary: RouterErrorPage }]);

export function App() {
  // One cache for the whole app: screens that show the same data share one request and one copy.
  const [queryClient] = useState(createQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  );
}
