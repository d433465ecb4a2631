import { graphql } from './generated';

/** Account operations of the portal (sign-up, sign-in, sessions, password reset, profile). */

export const RegisterCustomer = graphql(`
  mutation PortalRegisterCustomer($input: RegisterCustomerInput!) {
    registerCustomer(input: $input) { registrationId verificationExpiresAt }
  }
`);

export const ResendVerificationCode = graphql(`
  mutation PortalResendVerificationCode($registrationId: ID!) {
    resendVerificationCode(registrationId: $registrationId)
  }
`);

export const VerifyPhone = graphql(`
  mutation PortalVerifyPhone($input: VerifyPhoneInput!) {
    verifyPhone(input: $input) { accessToken accessTokenExpiresAt refreshToken }
  }
`);

export const SignIn = graphql(`
  mutation PortalSignIn($input: SignInInput!) {
    signIn(input: $input) { accessToken accessTokenExpiresAt refreshToken user { kind } }
  }
`);

export const RefreshSession = graphql(`
  mutation PortalRefreshSession($refreshToken: String!) {
    refreshSession(refreshToken: $refreshToken) { accessToken accessTokenExpiresAt refreshToken }
  }
`);

export const SignOut = graphql(`
  mutation PortalSignOut($refreshToken: String!) {
    signOut(refreshToken: $refreshToken)
  }
`);

export const RequestPasswordReset = graphql(`
  mutation PortalRequestPasswordReset($login: String!) {
    requestPasswordReset(login: $login)
  }
`);

export const ResetPassword = graphql(`
  mutation PortalResetPassword($input: ResetPasswordInput!) {
    resetPassword(input: $input)
  }
`);

/** The signed-in layout's one round trip: who is signed in, and the unread-notification badge. */
export const Viewer = graphql(`
  query PortalViewer {
    me { id displayName kind }
    unreadNotificationCount
  }
`);

export const Profile = graphql(`
  query PortalProfile {
    me { id username email }
    myCustomer { code fullName email phone phoneVerifiedAt createdAt }
  }
`);
