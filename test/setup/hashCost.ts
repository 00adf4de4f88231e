/**
 * Every test file starts with new password and PIN hashes at a test cost (N=2^10, as
 * test/helpers/staff.ts seeds accounts): accounts made through the API (the first administrator,
 * users/create, password changes) would otherwise cost a few hundred milliseconds of scrypt each.
 * Sign-in still verifies each hash at the parameters stored with it. The production parameters are
 * checked by src/core/api/auth.test.ts, which sets them back, and measured by the auth bench.
 */
import { hashCostForTests } from '../../src/core/accounts/passwords';

hashCostForTests({ logN: 10, r: 8, p: 1 });
