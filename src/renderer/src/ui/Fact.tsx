import type { ComponentProps, ReactNode } from 'react';

/**
 * One fact of a description list: its term and what is said of it, grouped in a <div> (which HTML
 * allows in a <dl>) so the stylesheet can lay a fact out as a unit. Other props go to the <dd>.
 */
export function Fact({ term, ...description }: ComponentProps<'dd'> & { term: ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd {...description} />
    </div>
  );
}
