// Indian mobile numbers as Indians write them: "+91 98450 12345" (the clinic stores "+919845012345").

/** "+919845012345" → "+91 98450 12345"; anything else as it is. Shown in an element that does not wrap (.phone). */
export function formatIndianMobile(mobile: string): string {
  const match = /^\+91(\d{5})(\d{5})$/.exec(mobile);
  return match ? `+91 ${match[1]} ${match[2]}` : mobile;
}
