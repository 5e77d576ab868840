/** Real-name verification (实名认证): the capability's face. */
export {
  checkIdNumber,
  chinaDate,
  idNumberCheckChar,
  maskIdNumber,
  type IdNumberCheck,
} from './id-number.js';
export { checkCreditCode, creditCodeCheckChar, type CreditCodeCheck } from './credit-code.js';
export { isRealNameValid, nextRealNameStatus, realNameGap, type RealNameStatus } from './state.js';
export {
  ManualProvider,
  type OrganizationFactors,
  type PersonFactors,
  type ProviderAnswer,
  type RealNameProvider,
} from './provider.js';
export { HttpRealNameProvider, PROVIDER_HEADERS, type HttpProviderOptions } from './http-provider.js';
export {
  RealNameService,
  type OrganizationVerificationInput,
  type PersonVerificationInput,
  type RealNameStanding,
  type RealNameView,
  type SubjectRef,
} from './service.js';
