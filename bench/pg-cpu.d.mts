export function postgresCpu(): Map<number, number>;
export function postgresCpuSince(before: Map<number, number>): number;
