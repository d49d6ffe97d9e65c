import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A tenant. Every customer row in every service carries its id as `org_id`. */
@Entity({ name: 'orgs', schema: 'gateway' })
export class OrgEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
