import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Req } from '@nestjs/common';
import { RequireRoles, ZodValidationPipe, type AuthenticatedRequest } from '@tsunagu/platform';
import { IDENTITY_ROUTES } from '../identity.constants';
import { createUserSchema, updateUserSchema, type CreateUserBody, type UpdateUserBody } from './users.schemas';
import { UsersService, type UserView } from './users.service';

/** Operators' accounts, for admins only. */
@Controller(IDENTITY_ROUTES.users)
@RequireRoles('admin')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  async list(): Promise<{ items: UserView[] }> {
    return { items: await this.users.list() };
  }

  /** 201; 409 when the user name is taken. */
  @Post()
  create(@Body(new ZodValidationPipe(createUserSchema)) body: CreateUserBody, @Req() req: AuthenticatedRequest): Promise<UserView> {
    return this.users.create(body, req.principal!.name);
  }

  /** New roles, a new password (ends its sessions), disable (ends its sessions) or enable; 409 for the last admin. */
  @Patch(':username')
  update(@Param('username') username: string, @Body(new ZodValidationPipe(updateUserSchema)) body: UpdateUserBody, @Req() req: AuthenticatedRequest): Promise<UserView> {
    return this.users.update(username, body, req.principal!.name);
  }

  @Delete(':username')
  @HttpCode(204)
  async remove(@Param('username') username: string, @Req() req: AuthenticatedRequest): Promise<void> {
    await this.users.delete(username, req.principal!.name);
  }
}
