export interface ProjectView {
  id: string;
  key: string;
  name: string;
  createdAt: Date;
}
