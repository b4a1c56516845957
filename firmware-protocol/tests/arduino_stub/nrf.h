#include <stdint.h>
typedef struct {
    uint32_t DEVICEID[2];
} NRF_FICR_Type;
extern NRF_FICR_Type *NRF_FICR;
