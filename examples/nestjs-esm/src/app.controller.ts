import { Controller, Get, Param } from '@nestjs/common';
import { AppService, type Forecast } from './app.service.js';

@Controller('forecasts')
export class AppController {
  constructor(private readonly appService: AppService) {}

  @Get(':city')
  forecast(@Param('city') city: string): Promise<Forecast> {
    return this.appService.forecast(city);
  }
}
