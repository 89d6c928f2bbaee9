import { Navigate, Route, Routes } from "react-router";
import { AuthProvider, RequireAdmin, RequireSignedIn } from "./features/auth/AuthContext";
import { SignInPage } from "./features/auth/SignInPage";
import { AppLayout } from "./lib/AppLayout";
import { ErrorBoundary } from "./lib/ErrorBoundary";
import { NotFoundPage } from "./lib/NotFoundPage";
import { SettingsPage } from "./features/settings/SettingsPage";
import { WorkspacesPage } from "./features/workspaces/WorkspacesPage";
import { WorkspaceLayout } from "./features/workspaces/WorkspaceLayout";
import { DocumentsPage } from "./features/documents/DocumentsPage";
import { SearchPage } from "./features/documents/SearchPage";
import { ChatPage } from "./features/chat/ChatPage";
import { AdminUsersPage } from "./features/admin/AdminUsersPage";
import { AdminWorkspacesPage } from "./features/admin/AdminWorkspacesPage";
import { AdminUsagePage } from "./features/admin/AdminUsagePage";
import { AdminAuditPage } from "./features/admin/AdminAuditPage";
import { AdminWorkspaceDataPage } from "./features/admin/AdminWorkspaceDataPage";
import { DatabasesPage } from "./features/databases/DatabasesPage";

// Every page below the sign-in lives inside the signed-in layout; admin pages additionally need the Admin role
// (the API's 403 stands behind this, the app only avoids showing what would be refused).
export function App() {
  return (
    <ErrorBoundary>
      <AuthProvider>
        <Routes>
          <Route path="/sign-in" element={<SignInPage />} />
          <Route element={<RequireSignedIn><AppLayout /></RequireSignedIn>}>
            <Route index element={<Navigate to="/workspaces" replace />} />
            <Route path="workspaces" element={<WorkspacesPage />} />
            <Route path="workspaces/:workspaceId" element={<WorkspaceLayout />}>
              <Route index element={<Navigate to="documents" replace />} />
              <Route path="documents" element={<DocumentsPage />} />
              <Route path="search" element={<SearchPage />} />
              <Route path="databases" element={<DatabasesPage />} />
              <Route path="databases/:databaseId" element={<DatabasesPage />} />
              <Route path="chat" element={<ChatPage />} />
              <Route path="chat/:conversationId" element={<ChatPage />} />
            </Route>
            <Route path="settings" element={<SettingsPage />} />
            <Route path="admin" element={<RequireAdmin />}>
              <Route index element={<Navigate to="users" replace />} />
              <Route path="users" element={<AdminUsersPage />} />
              <Route path="workspaces" element={<AdminWorkspacesPage />} />
              <Route path="workspaces/:workspaceId" element={<Navigate to="databases" replace />} />
              <Route path="workspaces/:workspaceId/databases" element={<AdminWorkspaceDataPage view="databases" />} />
              <Route path="workspaces/:workspaceId/context" element={<AdminWorkspaceDataPage view="context" />} />
              <Route path="usage" element={<AdminUsagePage />} />
              <Route path="audit" element={<AdminAuditPage />} />
            </Route>
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Routes>
      </AuthProvider>
    </ErrorBoundary>
  );
}
