import type { Pair } from '../../../../../shared/domain/http.ts';

export function PairsTable({ pairs, caption }: { pairs: readonly Pair[]; caption: string }) {
  return (
    <table className="pairs">
      <caption className="visually-hidden">{caption}</caption>
      <tbody>
        {pairs.map(([name, value], index) => (
          <tr key={`${name}-${index}`}>
            <th scope="row">{name}</th>
            <td>{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
