/** shiplog's embed colour, shared by replies and scheduled posts. */
export const BRAND_COLOUR = 0x2f9e44;
