import { useState, type FormEvent } from "react";
import { Navigate, useNavigate, useSearchParams } from "react-router";
import { ApiError } from "../../api/client";
import { useAuth } from "./AuthContext";
import { PageTitle } from "../../lib/PageTitle";
import { ErrorNotice } from "../../lib/ErrorNotice";

/** Only same-app paths: a crafted ?next=https://elsewhere must not turn sign-in into an open redirect. */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/workspaces";
  return next;
}

function waitText(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}

/** The refusal with its wait; the server's sign-in and rate-limit refusals already say it, so it is not said twice. */
export function refusalText(detail: string, retryAfterSeconds: number): string {
  return /try again in|retry after/i.test(detail) ? detail : `${detail} Try again in ${waitText(retryAfterSeconds)}.`;
}

export function SignInPage() {
  const { user, signIn, sessionEnded } = useAuth();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const next = safeNext(params.get("next"));

  if (user) return <Navigate to={next} replace />;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(email, password);
      navigate(next, { replace: true });
    } catch (caught) {
      if (!(caught instanceof ApiError)) throw caught;
      if (caught.status === 429 && caught.retryAfterSeconds !== null) {
        setError(new ApiError(429, refusalText(caught.detail, caught.retryAfterSeconds)));
      } else {
        setError(caught);
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="sign-in" id="main">
      <form className="card sign-in-card" onSubmit={submit} noValidate aria-labelledby="sign-in-title">
        <div className="brand brand-large" aria-hidden="true">Planck</div>
        <PageTitle id="sign-in-title">Sign in</PageTitle>
        {sessionEnded && !error && (
          <p className="notice" role="status">Your session has ended. Sign in again to continue.</p>
        )}
        <label className="field">
          <span>Email</span>
          <input
            type="email"
            name="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            aria-invalid={error?.fieldError("email") ? true : undefined}
          />
          {error?.fieldError("email") && <span className="field-error">{error.fieldError("email")}</span>}
        </label>
        <label className="field">
          <span>Password</span>
          <input
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            aria-invalid={error?.fieldError("password") ? true : undefined}
          />
          {error?.fieldError("password") && <span className="field-error">{error.fieldError("password")}</span>}
        </label>
        {error && <ErrorNotice error={error} />}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}
