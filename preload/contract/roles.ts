export const roles = ['clerk', 'supervisor', 'admin'] as const;
export type Role = (typeof roles)[number];
