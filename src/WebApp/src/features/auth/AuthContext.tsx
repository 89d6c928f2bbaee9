import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { Navigate, Outlet, useLocation } from "react-router";
import { api, ApiError, SESSION_EXPIRED_EVENT } from "../../api/client";
import type { ServerConfig, User } from "../../api/types";
import { ErrorNotice } from "../../lib/ErrorNotice";
import { PageTitle } from "../../lib/PageTitle";

/** What the server tells anyone before sign-in; the fallback keeps the app usable against an older server. */
const FALLBACK_CONFIG: ServerConfig = {
  version: "",
  max_upload_bytes: 100 * 1024 * 1024,
  accepted_types: [],
  language_model: false,
  session_hours: 12,
};

interface AuthState {
  /** undefined while the first /users/me is in flight, null when nobody is signed in. */
  user: User | null | undefined;
  config: ServerConfig;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  refreshUser(): Promise<void>;
  /** Set when the session ended under the person (expired, revoked), so Sign in can say why. */
  sessionEnded: boolean;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null | undefined>(undefined);
  const [config, setConfig] = useState<ServerConfig>(FALLBACK_CONFIG);
  const [sessionEnded, setSessionEnded] = useState(false);
  const [loadError, setLoadError] = useState<ApiError | null>(null);

  const refreshUser = useCallback(async () => {
    try {
      setLoadError(null);
      setUser(await api<User>("/api/v1/users/me", { expectUnauthenticated: true }));
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) setUser(null);
      else if (error instanceof ApiError) setLoadError(error);
      else throw error;
    }
  }, []);

  useEffect(() => {
    void refreshUser();
    api<ServerConfig>("/api/v1/config")
      .then((loaded) => setConfig({ ...FALLBACK_CONFIG, ...loaded }))
      .catch(() => undefined);
  }, [refreshUser]);

  useEffect(() => {
    const onExpired = () => {
      setUser((current) => {
        if (current) setSessionEnded(true);
        return null;
      });
    };
    window.addEventListener(SESSION_EXPIRED_EVENT, onExpired);
    return () => window.removeEventListener(SESSION_EXPIRED_EVENT, onExpired);
  }, []);

  const signIn = useCallback(async (email: string, password: string) => {
    const signedIn = await api<User>("/api/v1/auth/login", {
      method: "POST",
      body: { email, password },
      expectUnauthenticated: true,
    });
    setSessionEnded(false);
    setUser(signedIn);
  }, []);

  const signOut = useCallback(async () => {
    try {
      await api("/api/v1/auth/logout", { method: "POST", expectUnauthenticated: true });
    } finally {
      setUser(null);
    }
  }, []);

  const value = useMemo(
    () => ({ user, config, signIn, signOut, refreshUser, sessionEnded }),
    [user, config, signIn, signOut, refreshUser, sessionEnded],
  );

  if (loadError) {
    return (
      <main className="centered">
        <PageTitle>Planck</PageTitle>
        <ErrorNotice error={loadError} onRetry={() => void refreshUser()} />
      </main>
    );
  }
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error("useAuth needs an AuthProvider above it.");
  return auth;
}

/** The signed-in user; only for components rendered under RequireSignedIn. */
export function useUser(): User {
  const { user } = useAuth();
  if (!user) throw new Error("useUser is only for pages behind RequireSignedIn.");
  return user;
}

export function RequireSignedIn({ children }: { children: ReactNode }) {
  const { user } = useAuth();
  const location = useLocation();
  if (user === undefined) {
    return (
      <main className="centered" aria-busy="true">
        <p>Loading…</p>
      </main>
    );
  }
  if (user === null) {
    const next = location.pathname + location.search + location.hash;
    return <Navigate to={`/sign-in?next=${encodeURIComponent(next)}`} replace />;
  }
  return <>{children}</>;
}

export function RequireAdmin() {
  const user = useUser();
  if (user.role !== "Admin") {
    return (
      <section className="page">
        <PageTitle>Not allowed</PageTitle>
        <p role="alert">You are not allowed to see this page: it is for administrators only.</p>
      </section>
    );
  }
  return <Outlet />;
}
