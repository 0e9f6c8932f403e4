import { QueryClientProvider } from "@tanstack/react-query";
import { lazy, useState } from "react";
import { BrowserRouter, Route, Routes } from "react-router";
import { createQueryClient } from "./api";
import { AppShell } from "./components/AppShell";
import { NotFoundPage } from "./components/NotFoundPage";
import { AuthProvider } from "./features/auth/AuthProvider";
import { LoginPage } from "./features/auth/LoginPage";
import { RequireAuth } from "./features/auth/RequireAuth";

// Each signed-in area is its own chunk: the login page must stay light, and later the editor and
// the canvas (hundreds of KB) must load only on the routes that show them.
const PortfolioPage = lazy(() => import("./features/portfolio/PortfolioPage"));
const WorkspacePage = lazy(() => import("./features/workspace/WorkspacePage"));
const DocumentPage = lazy(() => import("./features/workspace/DocumentPage"));
const AdminPage = lazy(() => import("./features/admin/AdminPage"));
const InboxPage = lazy(() => import("./features/inbox/InboxPage"));
const VersionPage = lazy(() => import("./features/versions/VersionPage"));
const DiffPage = lazy(() => import("./features/diff/DiffPage"));
const ReviewPage = lazy(() => import("./features/reviews/ReviewPage"));

export function App() {
  // One cache for the whole app: screens that show the same data share one request and one copy.
  const [queryClient] = useState(createQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
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
                <Route path="inbox" element={<InboxPage />} />
              </Route>
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Routes>
        </AuthProvider>
      </BrowserRouter>
    </QueryClientProvider>
  );
}
