import type { ComponentSchema } from '../../../schema/types.js';

export const definition: ComponentSchema = {
  kind: 'post-processor',
  type: 'docker-push',
  description: 'Pushes the tagged (or imported) image to its registry',
  fields: {
    login: { type: 'boolean', default: false, description: 'Log in to the registry before pushing' },
    login_server: { type: 'string', description: 'Registry to log in to', example: 'registry.example.com:5000' },
    login_username: { type: 'string', description: 'Registry user name' },
    login_password: { type: 'string', sensitive: true, description: 'Registry password' },
    ecr_login: { type: 'boolean', default: false, description: 'Log in to Amazon ECR (not supported by pack yet)', advanced: true },
    aws_access_key: { type: 'string', sensitive: true, description: 'ECR login: AWS access key', advanced: true },
    aws_secret_key: { type: 'string', sensitive: true, description: 'ECR login: AWS secret key', advanced: true },
    aws_token: { type: 'string', sensitive: true, description: 'ECR login: AWS session token', advanced: true },
    aws_profile: { type: 'string', description: 'ECR login: AWS profile', advanced: true },
    keep_input_artifact: { type: 'boolean', description: 'Keep the input image', advanced: true },
  },
  check(config) {
    const problems: string[] = [];
    if (config.login === true && !config.login_server) problems.push('"login_server" is required with "login": true');
    if (config.ecr_login === true) problems.push('"ecr_login" is not supported by pack yet');
    return problems;
  },
};
