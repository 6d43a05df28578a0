import { formatErrorLine } from '../../../../shared/domain/errors.ts';
import type { JwtKey, JwtVerification } from '../../../../shared/domain/jwt-verification.ts';
import type { DecodedJwt } from '../../../../shared/jwt/decode.ts';
import { decodeJwt } from '../../../../shared/jwt/decode.ts';
import { AppError } from '../../../../shared/domain/errors.ts';
import { api } from '../../api.ts';
import type { SliceCreator } from '../../store/index.ts';

/** A JWT the inspector shows: found in a run, held in the ledger, or pasted by the user. */
export type JwtSource =
  | { kind: 'run'; runId: string; stepId: string; location: string }
  | { kind: 'ledger'; ledgerId: string }
  | { kind: 'pasted' };

export interface InspectedJwt {
  source: JwtSource;
  title: string;
  decoded: DecodedJwt | undefined;
  /** Why a pasted text is not a JWT. */
  problem?: string;
}

export interface JwtSlice {
  inspected: InspectedJwt | undefined;
  verification: JwtVerification | undefined;
  verifyError: string | undefined;
  /** A pasted JWT lives only in the inspector's own input, never in the store. */
  inspect: (jwt: InspectedJwt) => void;
  inspectPasted: (text: string) => void;
  closeInspector: () => void;
  verify: (key: JwtKey, pasted?: string) => Promise<void>;
}

export const createJwtSlice: SliceCreator<JwtSlice> = (set, get) => ({
  inspected: undefined,
  verification: undefined,
  verifyError: undefined,
  inspect: (jwt) => set({ inspected: jwt, verification: undefined, verifyError: undefined }),
  inspectPasted: (text) => {
    try {
      set({
        inspected: { source: { kind: 'pasted' }, title: 'Pasted JWT', decoded: decodeJwt(text) },
        verification: undefined,
        verifyError: undefined,
      });
    } catch (error) {
      const problem = error instanceof AppError ? formatErrorLine(error.toData()) : 'This is not a JWT.';
      set({
        inspected: { source: { kind: 'pasted' }, title: 'Pasted text', decoded: undefined, problem },
        verification: undefined,
      });
    }
  },
  closeInspector: () => set({ inspected: undefined, verification: undefined, verifyError: undefined }),
  verify: async (key, pasted) => {
    const inspected = get().inspected;
    if (!inspected) return;
    const { source } = inspected;
    const from =
      source.kind === 'run'
        ? { runId: source.runId, stepId: source.stepId, location: source.location }
        : source.kind === 'ledger'
          ? { ledgerId: source.ledgerId }
          : { token: pasted ?? '' };
    const result = await api()['jwt:verify']({ source: from, key });
    if (result.ok) set({ verification: result.value, verifyError: undefined });
    else set({ verification: undefined, verifyError: formatErrorLine(result.error) });
  },
});

/** A pasted `Authorization` value (`Bearer eyJ…`) less its scheme: the token is what is decoded and verified. */
export function withoutBearer(text: string): { token: string; stripped: boolean } {
  const match = /^\s*Bearer\s+(\S+)\s*$/i.exec(text);
  return match ? { token: match[1]!, stripped: true } : { token: text, stripped: false };
}
