import { Module, type DynamicModule } from '@nestjs/common';
import { IntegrationRepository } from '@so/integration-data-access';
import { ConnectorSettingsValidator } from './connector-settings.validator.js';
import { CredentialsCipher } from './credentials.cipher.js';
import { INTEGRATION_MANAGEMENT_OPTIONS, type IntegrationManagementOptions } from './integration-management.options.js';
import { IntegrationGrpcController } from './integration.grpc.controller.js';
import { IntegrationStatusReader } from './integration-status.reader.js';
import { IntegrationService } from './integration.service.js';

/** CreateIntegration / GetIntegrationStatus over gRPC. Needs a TypeORM DataSource. */
@Module({})
export class IntegrationManagementModule {
  static forRoot(options: IntegrationManagementOptions): DynamicModule {
    return {
      module: IntegrationManagementModule,
      controllers: [IntegrationGrpcController],
      providers: [
        { provide: INTEGRATION_MANAGEMENT_OPTIONS, useValue: options },
        { provide: CredentialsCipher, useValue: new CredentialsCipher(options.secretsKey) },
        IntegrationRepository,
        ConnectorSettingsValidator,
        IntegrationStatusReader,
        IntegrationService,
      ],
      exports: [IntegrationService],
    };
  }
}
