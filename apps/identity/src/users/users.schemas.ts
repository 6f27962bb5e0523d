import { z } from 'zod';
import { USER_ROLES } from '../identity.constants';

export type UserRole = (typeof USER_ROLES)[number];

const username = z.string().trim().min(1).max(64).regex(/^[\w.@-]+$/, 'letters, digits and . _ @ - only');
/** long rather than complex (NIST SP 800-63B §5.1.1): at least 12 characters */
const password = z.string().min(12).max(200);
const roles = z.array(z.enum(USER_ROLES)).min(1).max(USER_ROLES.length);

export const loginSchema = z.object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(200) }).strict();
export const createUserSchema = z.object({ username, password, roles }).strict();
export const updateUserSchema = z.object({ password: password.optional(), roles: roles.optional(), disabled: z.boolean().optional() }).strict();
export const changePasswordSchema = z.object({ current: z.string().min(1).max(200), next: password }).strict();

export type LoginBody = z.infer<typeof loginSchema>;
export type CreateUserBody = z.infer<typeof createUserSchema>;
export type UpdateUserBody = z.infer<typeof updateUserSchema>;
export type ChangePasswordBody = z.infer<typeof changePasswordSchema>;
