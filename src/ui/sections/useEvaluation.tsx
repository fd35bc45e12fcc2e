// The shipped set's measured trade-off (evaluation.json), one query for every reader: the trade-off
// section, the lesson and its handout. Its module (and the schema, zod) loads with them, not at start-up.
import { useQuery } from '@tanstack/react-query';
import type { ModelSetName } from '../../models/manifest';
import { evaluationHref, fetchEvaluation } from '../../page/evaluation';

/** null when the file does not exist (yet); undefined while it loads. */
export function useEvaluation(name: ModelSetName) {
  return useQuery({
    queryKey: ['evaluation', name],
    queryFn: () => fetchEvaluation(evaluationHref(name)),
    staleTime: Infinity,
  });
}
