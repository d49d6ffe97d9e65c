import { Injectable, type OnModuleInit } from '@nestjs/common';
import { runMigrationsWithLock } from '@so/shared';
import { DataSource } from 'typeorm';
import { INTEGRATION_SCHEMA } from './integration.constants.js';

/** Brings the integration schema up to date at boot, before consumers and servers start (onApplicationBootstrap / listen). */
@Injectable()
export class IntegrationMigrationsRunner implements OnModuleInit {
  constructor(private readonly dataSource: DataSource) {}

  onModuleInit(): Promise<void> {
    return runMigrationsWithLock(this.dataSource, INTEGRATION_SCHEMA);
  }
}
