import type { DecodedJwt } from '../../../../../shared/jwt/decode.ts';
import { JsonView } from './JsonView.tsx';

export function JwtView({ jwt }: { jwt: DecodedJwt }) {
  const times = Object.entries(jwt.times);
  return (
    <div className="jwt" aria-label="Decoded JWT">
      {jwt.warnings.length > 0 ? (
        <ul className="warnings">
          {jwt.warnings.map((warning) => (
            <li key={warning}>{warning}</li>
          ))}
        </ul>
      ) : null}
      <h3>Header</h3>
      <JsonView text={JSON.stringify(jwt.header, null, 2)} />
      <h3>Payload</h3>
      <JsonView text={JSON.stringify(jwt.payload, null, 2)} />
      {times.length > 0 ? (
        <>
          <h3>Times</h3>
          <dl className="facts">
            {times.map(([claim, iso]) => (
              <div key={claim}>
                <dt>{claim}</dt>
                <dd>
                  <time dateTime={iso}>{new Date(iso).toLocaleString()}</time>
                </dd>
              </div>
            ))}
          </dl>
        </>
      ) : null}
      <p className="note">Decoded only; the signature is not verified.</p>
    </div>
  );
}
