import { useMemo, useState } from 'react';
import { cookiesFromHeaders, maskCookieValue, type ParsedCookie } from '../body/cookies.ts';
import { TableHead } from '../../../ui/TableHead.tsx';
import { formatDuration } from '../format.ts';
import '../body/body.css';

function Lifetime({ cookie, now }: { cookie: ParsedCookie; now: number }) {
  const { maxAge, expires, expiresAt } = cookie;
  if (maxAge !== undefined) {
    // Max-Age wins over Expires (RFC 6265 §5.3 step 3).
    return (
      <>
        {maxAge <= 0 ? `Max-Age ${maxAge}: deletes the cookie` : `Max-Age ${maxAge} (${formatDuration(maxAge)})`}
        {expires !== undefined ? <span className="cookie-aside">Expires ignored</span> : null}
      </>
    );
  }
  if (expires === undefined) return <span className="cookie-default">Session</span>;
  if (expiresAt === undefined) {
    return (
      <>
        {expires}
        <span className="cookie-aside">Not a date: session cookie</span>
      </>
    );
  }
  return (
    <>
      {expires}
      {expiresAt <= now ? <span className="cookie-aside">In the past: deletes the cookie</span> : null}
    </>
  );
}

function Flag({ on }: { on: boolean }) {
  return on ? 'Yes' : <span className="cookie-default">No</span>;
}

const COLUMNS = ['Name', 'Value', 'Domain', 'Path', 'Expires / Max-Age', 'Secure', 'HttpOnly', 'SameSite'];

/** The cookies set by a response's Set-Cookie headers; values are masked because cookies are credentials. */
export function CookiesTable({ headers }: { headers: readonly (readonly [string, string])[] }) {
  const cookies = useMemo(() => cookiesFromHeaders(headers), [headers]);
  // "In the past" is judged against when the table was first shown, not re-evaluated on every render.
  const [now] = useState(() => Date.now());

  if (cookies.length === 0) return <p className="note">The response set no cookies.</p>;
  return (
    <div className="cookies">
      <div className="cookies-scroll" role="region" aria-label="Cookies" tabIndex={0}>
        <table className="cookies-table">
          <caption className="visually-hidden">Cookies set by the response</caption>
          <TableHead columns={COLUMNS} />
          <tbody>
            {cookies.map((cookie, index) => (
              <tr key={`${cookie.name}-${index}`}>
                <th scope="row" className="cookie-code">
                  {cookie.name || <span className="cookie-default">(no name)</span>}
                </th>
                <td className="cookie-code">
                  {cookie.value ? maskCookieValue(cookie.value) : <span className="cookie-default">(empty)</span>}
                </td>
                <td className="cookie-code">{cookie.domain ?? <span className="cookie-default">This host</span>}</td>
                <td className="cookie-code">{cookie.path ?? <span className="cookie-default">Default</span>}</td>
                <td>
                  <Lifetime cookie={cookie} now={now} />
                </td>
                <td>
                  <Flag on={cookie.secure} />
                </td>
                <td>
                  <Flag on={cookie.httpOnly} />
                </td>
                <td>{cookie.sameSite ?? <span className="cookie-default">Default</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="note">Values longer than 16 characters show only their last 4.</p>
    </div>
  );
}
